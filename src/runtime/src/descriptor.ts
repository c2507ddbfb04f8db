/**
 * Class descriptors: the schema facts the runtime needs to marshal values,
 * emitted by the code generator next to each generated interface. The SDK has
 * no logic of its own; everything it does is driven by these.
 */

/**
 * The CIM intrinsic types (DSP0004 2.x, 5.2). This is the one home of the list:
 * the compiler's AST and model name these types through this one (the runtime
 * never imports the compiler; the compiler may import the runtime's types).
 */
export type CimPrimitiveType =
  | 'boolean'
  | 'string'
  | 'char16'
  | 'datetime'
  | CimIntegerType
  | 'real32'
  | 'real64';

/** The CIM integer types, whose bounds are their bit width (DSP0004 2.x, 5.2). */
export type CimIntegerType = 'uint8' | 'sint8' | 'uint16' | 'sint16' | 'uint32' | 'sint32' | 'uint64' | 'sint64';

/** `reference`: a REF (`refClass`). `instance`: an embedded instance of `embeddedClass` (an `EmbeddedInstance("X")` string, Microsoft's `HyperVEmbeddedInstance("X")`, or a class-typed property). `object`: an embedded object of any class. */
export type CimValueType = CimPrimitiveType | 'reference' | 'instance' | 'object';

export interface ValueDescriptor {
  readonly type: CimValueType;
  readonly isArray?: boolean;
  /** For `reference`: the class referenced (`undefined` = any class). */
  readonly refClass?: string;
  /** For `instance`: the embedded class. */
  readonly embeddedClass?: string;
  /**
   * How an embedded instance/object travels on the wire: `string` when the schema declares a
   * string with EmbeddedInstance/EmbeddedObject (CIM-XML `INSTANCE` text), `object` for
   * Microsoft's class-typed or `object` properties (a nested instance).
   */
  readonly embeddedAs?: 'string' | 'object';
}

export interface PropertyDescriptor extends ValueDescriptor {
  readonly name: string;
  readonly key?: boolean;
  readonly required?: boolean;
}

export interface ParameterDescriptor extends ValueDescriptor {
  readonly name: string;
  readonly in: boolean;
  readonly out: boolean;
}

export interface MethodDescriptor {
  readonly name: string;
  /** `void` for Microsoft void methods. */
  readonly returns: ValueDescriptor | 'void';
  readonly parameters: readonly ParameterDescriptor[];
  readonly isStatic?: boolean;
  /**
   * Optional (added by the runtime): the method's ValueMap → Values names, e.g.
   * `{ "0": "Completed with No Error", "4096": "Method Parameters Checked - Job Started",
   * "32768..65535": "Vendor Specific" }`; keys may be ranges. Used to name the
   * ReturnValue in `CimMethodError`.
   */
  readonly returnValueNames?: Readonly<Record<string, string>>;
}

export interface ClassDescriptor {
  readonly name: string;
  /** `/`-separated namespace, e.g. `root/virtualization/v2`. */
  readonly namespace: string;
  readonly superclass?: ClassDescriptor;
  readonly isAssociation?: boolean;
  readonly isAbstract?: boolean;
  /** Key property names (flattened). */
  readonly keys: readonly string[];
  /** Flattened: inherited properties included. */
  readonly properties: readonly PropertyDescriptor[];
  /** Flattened: inherited methods included. */
  readonly methods: readonly MethodDescriptor[];
}
