using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Keeps the namespace feeds of an Orleans client front-end alive when a silo dies. The client
/// reconnects to the remaining gateways by itself, but a stream subscription can be lost with the silo
/// (a delivery that failed while the client was unreachable, say). So each lost gateway starts a round
/// that re-subscribes every feed, retrying until the cluster has settled; a feed that cannot be
/// re-subscribed within <see cref="SseOptions.ResubscribeTimeout"/> has its connections closed, so
/// clients reconnect rather than wait on a dead stream. A feed re-subscribed is then handed to
/// <see cref="FeedRepairs"/>, which asks its namespace for its newest id and repairs from the history what
/// it missed. The rounds run here, one at a time, with a bounded number of feeds in flight, and stop with
/// the host. In the embedded mode no gateway is ever lost and nothing runs.
/// </summary>
/// <remarks>
/// The Orleans client resolves its status observers while it starts; the hub and the repairs need the client,
/// so they are resolved only when a round runs (taking them in the constructor deadlocks the client's start).
/// </remarks>
internal sealed class FeedRecovery(IServiceProvider services, IOptions<SseOptions> options, TimeProvider time, ILogger<FeedRecovery> logger)
    : BackgroundService, IClusterConnectionStatusObserver
{
    private const int MaxFeedsInFlight = 16;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    // Released once per lost gateway; a round takes every release that arrived before it started.
    private readonly SemaphoreSlim _gatewayLost = new(0);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            _gatewayLost.Release();
        }
    }

    // A lost cluster connection is also reported as a gateway count that dropped to zero.
    public void NotifyClusterConnectionLost()
    {
    }

    public override void Dispose()
    {
        _gatewayLost.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await _gatewayLost.WaitAsync(stoppingToken);
            while (_gatewayLost.Wait(0, CancellationToken.None))
            {
                // Losses that arrived together are one round.
            }

            var feeds = services.GetRequiredService<FanOutHub>().Feeds();
            var repairs = services.GetRequiredService<FeedRepairs>();
            logger.ResubscribeStarted(feeds.Length);
            await Parallel.ForEachAsync(
                feeds,
                new ParallelOptions { MaxDegreeOfParallelism = MaxFeedsInFlight, CancellationToken = stoppingToken },
                async (feed, cancellationToken) => await ResubscribeAsync(feed, repairs, cancellationToken));
        }
    }

    private async Task ResubscribeAsync(NamespaceFeed feed, FeedRepairs repairs, CancellationToken cancellationToken)
    {
        var timeout = options.Value.ResubscribeTimeout;
        var started = time.GetTimestamp();
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await feed.ResubscribeAsync();
                logger.Resubscribed(feed.Namespace, time.GetElapsedTime(started));

                // Events accepted around the loss may never come on any subscription: ask for them.
                await repairs.CheckNewestAsync(feed.Order);
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && time.GetElapsedTime(started) + delay < timeout)
            {
                logger.ResubscribeRetrying(exception, feed.Namespace, attempt);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.ResubscribeGaveUp(exception, feed.Namespace, timeout);
                feed.Delivery.Close();
                return;
            }
            catch (Exception)
            {
                // The host is stopping: the client and its subscriptions go with it.
                return;
            }

            // Backoff between attempts while the cluster declares the silo dead and moves its grains.
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }
}
