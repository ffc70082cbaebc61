using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Providers;
using Orleans.Streams;
using SseOrleans.Abstractions;
using SseOrleans.Grains.History;
using SseOrleans.Grains.Publishing;
using SseOrleans.Grains.Streams;
using StackExchange.Redis;

namespace SseOrleans.Grains;

public static class SiloBuilderExtensions
{
    private const int MaxStreamItemsPerDelivery = 64;

    /// <summary>
    /// Hosts the namespace grains, with the stream provider <c>sse</c> and the <c>PubSubStore</c> they
    /// need (in memory unless the <c>Orleans</c> configuration section names other providers), and their
    /// histories where <c>Sse:History</c> says: in memory, or in Redis through the keyed
    /// <see cref="IConnectionMultiplexer"/> that <c>Sse:History:ServiceKey</c> names, which the host registers
    /// (ServiceDefaults' <c>AddOrleansRedisConnections</c> does, as for the Orleans providers).
    /// </summary>
    public static ISiloBuilder AddSseGrains(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSseOptions();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<PublishCounter>();
        silo.Services.AddHostedService<PublishCountReporter>();
        silo.Services.TryAddSingleton<HistoryMemoryBudget>();
        silo.Services.TryAddSingleton<IHistoryStore>(CreateHistoryStore);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, HistoryStoreStartup>();
        silo.Services.AddSingleton<StreamItemWriter>();
        silo.Services.AddSingleton<PublishPipeline>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<PublishPipeline>());
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WatchdogStartFix>();

        var orleans = silo.Configuration.GetSection("Orleans");
        if (!orleans.GetSection($"Streaming:{SseStreams.ProviderName}").Exists())
        {
            silo.AddMemoryStreams(SseStreams.ProviderName);
        }

        if (!orleans.GetSection($"GrainStorage:{SseStreams.PubSubStore}").Exists())
        {
            silo.AddMemoryGrainStorage(SseStreams.PubSubStore);
        }

        // The memory streams' queue waits for events instead of being polled (SseStreamQueueGrain); the
        // agents' timer then only restarts a reader that found its queue quiet for a long poll.
        // Both implement IMemoryStreamQueueGrain; only one may, for the memory adapter to find its queues.
        silo.Services.PostConfigure<GrainTypeOptions>(types => types.Classes.Remove(typeof(Orleans.Providers.MemoryStreamQueueGrain)));
        // A consumer is handed every item that piled up while it was busy (up to a bound) in one delivery, which a
        // front-end's feed writes to its subscribers as one batch: under load, fewer and larger writes.
        silo.Services.AddOptions<StreamPullingAgentOptions>(SseStreams.ProviderName)
            .Configure<IOptions<SseOptions>>((pulling, sse) =>
            {
                pulling.GetQueueMsgsTimerPeriod = sse.Value.StreamPollInterval;
                pulling.BatchContainerBatchSize = MaxStreamItemsPerDelivery;
            });

        // Retry failed queue reads (a queue grain lost with a silo) within seconds, not Orleans' 10 s.
        silo.Services.TryAddKeyedSingleton<IQueueReaderBackoffProvider>(SseStreams.ProviderName, new QueueReaderBackoff());
        BoundStreamCache(silo.Services);
        return silo;
    }

    private static IHistoryStore CreateHistoryStore(IServiceProvider services)
    {
        var history = services.GetRequiredService<IOptions<SseOptions>>().Value.History;
        if (!history.IsRedis)
        {
            // Each silo's memory would number the same namespace on its own: ids that disagree across silos.
            if (services.GetRequiredService<IConfiguration>().GetSection("Orleans:Clustering").Exists())
            {
                throw new InvalidOperationException(
                    "This silo is configured for a cluster (Orleans:Clustering) but keeps namespace histories in memory, which " +
                    "only one silo can: set Sse:History:ProviderType=Redis (and Sse:History:ServiceKey) on every silo of the cluster.");
            }

            return ActivatorUtilities.CreateInstance<MemoryHistoryStore>(services);
        }

        var redis = services.GetKeyedService<IConnectionMultiplexer>(history.ServiceKey)
            ?? throw new InvalidOperationException(
                $"Sse:History:ServiceKey '{history.ServiceKey}' names no keyed IConnectionMultiplexer: set ConnectionStrings:{history.ServiceKey} " +
                "(the silo registers the connection of every Redis service key it is configured with).");
        return ActivatorUtilities.CreateInstance<RedisHistoryStore>(services, redis);
    }

    // The provider is registered by now (above, or from the Orleans section when the builder was made):
    // its adapter factory is wrapped so that the memory provider's cache is ours, bounded by age and size.
    private static void BoundStreamCache(IServiceCollection services)
    {
        var configured = services.LastOrDefault(service =>
            service.ServiceType == typeof(IQueueAdapterFactory) && service.IsKeyedService
            && Equals(service.ServiceKey, SseStreams.ProviderName));
        if (configured?.KeyedImplementationFactory is not { } create || services.Any(service => service.ServiceType == typeof(SseStreamCache)))
        {
            return;
        }

        services.AddSingleton<SseStreamCache>();
        services.AddKeyedSingleton<IQueueAdapterFactory>(SseStreams.ProviderName, (provider, key) =>
            new SseQueueAdapterFactory((IQueueAdapterFactory)create(provider, key), provider.GetRequiredService<SseStreamCache>()));
    }

    /// <summary>
    /// The embedded default: a single-silo cluster on loopback (ports from <c>Orleans:Endpoints</c>,
    /// default 11111 and gateway 30000), for a host that has no <c>Orleans:Clustering</c>.
    /// </summary>
    public static ISiloBuilder UseSseLocalhostClustering(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var orleans = silo.Configuration.GetSection("Orleans");
        return silo.UseLocalhostClustering(
            siloPort: orleans.GetValue("Endpoints:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
            gatewayPort: orleans.GetValue("Endpoints:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT),
            serviceId: orleans["ServiceId"] ?? "sse-orleans",
            clusterId: orleans["ClusterId"] ?? "dev");
    }

    /// <summary>
    /// Binds <c>Orleans:Membership</c> to <see cref="ClusterMembershipOptions"/> (Orleans binds only
    /// <c>Endpoints</c> and <c>Messaging</c> itself), so how fast a dead silo is declared dead can be
    /// tuned per deployment: e.g. <c>Orleans__Membership__ProbeTimeout=00:00:01</c>,
    /// <c>Orleans__Membership__NumMissedProbesLimit=2</c>. Unset keys keep Orleans' defaults.
    /// </summary>
    public static ISiloBuilder BindMembershipOptions(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<ClusterMembershipOptions>().Bind(silo.Configuration.GetSection("Orleans:Membership"));
        return silo;
    }
}
