/**
 * The WMI system classes that Microsoft MOF files instantiate or derive from
 * without declaring them: every WMI namespace has them built in, so
 * `instance of __Namespace`, `instance of __Win32Provider as $P` and provider
 * registrations compile on Windows with no declaration in the file. In the
 * Microsoft dialect mofc compiles this text into each namespace before the
 * user's files.
 *
 * Written in the Microsoft dialect (it relies on the built-in DMTF and WMI
 * qualifier types; it declares none), with the properties the WMI SDK
 * documents for each class. Names are spelled as WMI reports them
 * (`__NAMESPACE`, `__Win32Provider`); uses match case-insensitively.
 *
 * Choices:
 * - `__ProviderRegistration.Provider` is the key of every registration, and a
 *   REF to `__Provider` in a class that is not an association, as in WMI.
 * - `__MethodProviderRegistration` derives from `__ProviderRegistration`
 *   directly (it has no object-provider capabilities), as in WMI's repository.
 * - Event classes carry their embedded objects as Microsoft `object`
 *   properties (`TargetInstance`), `__NamespaceOperationEvent` its namespace as
 *   a strongly typed embedded object, as WMI declares them.
 */
export const wmiSystemClassesMof = String.raw`// WMI system classes (built into every WMI namespace)

[Abstract]
class __SystemClass
{
};

class __NAMESPACE : __SystemClass
{
  [Key] string Name;
};

// --- Providers ---------------------------------------------------------------

[Abstract]
class __Provider : __SystemClass
{
  [Key] string Name;
};

class __Win32Provider : __Provider
{
  string ClientLoadableCLSID;
  string CLSID;
  sint32 Concurrency;
  string DefaultMachineName;
  boolean Enabled;
  string HostingModel;
  [ValueMap {"0", "1"}, Values {"None", "Impersonate"}]
  sint32 ImpersonationLevel = 0;
  boolean InitializeAsAdminFirst;
  [ValueMap {"0", "1"}, Values {"Namespace", "Class"}]
  sint32 InitializationReentrancy = 0;
  datetime InitializationTimeoutInterval;
  datetime OperationTimeoutInterval;
  boolean PerLocaleInitialization = FALSE;
  boolean PerUserInitialization = FALSE;
  boolean Pure = TRUE;
  string SecurityDescriptor;
  boolean SupportsExplicitShutdown;
  boolean SupportsExtendedStatus;
  boolean SupportsQuotas;
  boolean SupportsSendStatus;
  boolean SupportsShutdown;
  boolean SupportsThrottling;
  datetime UnloadTimeout;
  uint32 Version;
};

// --- Provider registrations --------------------------------------------------

[Abstract]
class __ProviderRegistration : __SystemClass
{
  [Key] __Provider REF Provider;
};

[Abstract]
class __ObjectProviderRegistration : __ProviderRegistration
{
  boolean SupportsPut = FALSE;
  boolean SupportsGet = FALSE;
  boolean SupportsDelete = FALSE;
  boolean SupportsEnumeration = FALSE;
  boolean SupportsBatching;
  boolean SupportsTransactions;
  string QuerySupportLevels[];
  [ValueMap {"0", "1", "2"}, Values {"Pull", "Push", "PushVerify"}]
  sint32 InteractionType = 0;
  boolean ExtendedQuerySupport;
};

class __ClassProviderRegistration : __ObjectProviderRegistration
{
  datetime CacheRefreshInterval;
  boolean PerUserSchema;
  boolean ReloadOnNamespaceChange;
  string ResultSetQueries[];
  string ReferencedSetQueries[];
  string UnsupportedQueries[];
  uint32 Version;
};

class __InstanceProviderRegistration : __ObjectProviderRegistration
{
};

class __MethodProviderRegistration : __ProviderRegistration
{
};

class __PropertyProviderRegistration : __ProviderRegistration
{
  boolean SupportsGet;
  boolean SupportsPut;
};

class __EventProviderRegistration : __ProviderRegistration
{
  string EventQueryList[];
};

class __EventConsumerProviderRegistration : __ProviderRegistration
{
  string ConsumerClassNames[];
};

// --- Events ------------------------------------------------------------------

[Abstract]
class __IndicationRelated : __SystemClass
{
};

[Abstract]
class __Event : __IndicationRelated
{
  uint8 SECURITY_DESCRIPTOR[];
  uint64 TIME_CREATED;
};

[Abstract]
class __ExtrinsicEvent : __Event
{
};

class __InstanceOperationEvent : __Event
{
  object TargetInstance;
};

class __InstanceCreationEvent : __InstanceOperationEvent
{
};

class __InstanceDeletionEvent : __InstanceOperationEvent
{
};

class __InstanceModificationEvent : __InstanceOperationEvent
{
  object PreviousInstance;
};

class __ClassOperationEvent : __Event
{
  object TargetClass;
};

class __ClassCreationEvent : __ClassOperationEvent
{
};

class __ClassDeletionEvent : __ClassOperationEvent
{
};

class __ClassModificationEvent : __ClassOperationEvent
{
  object PreviousClass;
};

class __NamespaceOperationEvent : __Event
{
  __NAMESPACE TargetNamespace;
};

class __NamespaceCreationEvent : __NamespaceOperationEvent
{
};

class __NamespaceDeletionEvent : __NamespaceOperationEvent
{
};

class __NamespaceModificationEvent : __NamespaceOperationEvent
{
  __NAMESPACE PreviousNamespace;
};

class __TimerEvent : __Event
{
  uint32 NumFiring;
  string TimerId;
};

// --- Event subscriptions -----------------------------------------------------

class __EventFilter : __IndicationRelated
{
  uint8 CreatorSID[];
  string EventAccess;
  string EventNamespace;
  [Key] string Name;
  string Query;
  string QueryLanguage;
};

[Abstract]
class __EventConsumer : __IndicationRelated
{
  uint8 CreatorSID[];
  string MachineName;
  uint32 MaximumQueueSize;
};

[Association]
class __FilterToConsumerBinding : __IndicationRelated
{
  [Key] __EventConsumer REF Consumer;
  [Key] __EventFilter REF Filter;
  uint8 CreatorSID[];
  boolean DeliverSynchronously = FALSE;
  uint32 DeliveryQoS;
  boolean MaintainSecurityContext = FALSE;
  boolean SlowDownProviders = FALSE;
};

// --- Status ------------------------------------------------------------------

class __NotifyStatus : __SystemClass
{
  uint32 StatusCode;
};

class __ExtendedStatus : __NotifyStatus
{
  string Description;
  string Operation;
  string ParameterInfo;
  string ProviderName;
};
`;
