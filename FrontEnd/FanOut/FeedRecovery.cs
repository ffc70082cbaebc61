using SseOrleans.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// Keeps the namespace feeds of an Orleans client front-end alive when a silo dies. The client
/// reconnects to the remaining gateways by itself, but a stream subscription can be lost with the silo
/// (its pubsub state in memory storage, or a delivery that failed while the client was unreachable).
/// So each lost gateway re-subscribes every feed, retrying until the cluster has settled; a feed that
/// cannot be re-subscribed within <see cref="SseOptions.ResubscribeTimeout"/> has its connections
/// closed, so clients reconnect rather than wait on a dead stream. Unused in the embedded mode, where
/// there is no gateway.
/// </summary>
/// <remarks>
/// The Orleans client resolves its status observers while it starts; the hub needs the client, so it is
/// resolved only when a gateway is lost (taking it in the constructor deadlocks the client's start).
/// </remarks>
internal sealed class FeedRecovery(IServiceProvider services, IOptions<SseOptions> options, TimeProvider time, ILogger<FeedRecovery> logger)
    : IClusterConnectionStatusObserver
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            var feeds = services.GetRequiredService<FanOutHub>().Feeds();
            logger.ResubscribeStarted(currentNumberOfGateways, feeds.Length);
            foreach (var feed in feeds)
            {
                _ = ResubscribeAsync(feed);
            }
        }
    }

    // A lost cluster connection is also reported as a gateway count that dropped to zero.
    public void NotifyClusterConnectionLost()
    {
    }

    private async Task ResubscribeAsync(NamespaceFeed feed)
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
                return;
            }
            catch (Exception exception) when (time.GetElapsedTime(started) + delay < timeout)
            {
                logger.ResubscribeRetrying(exception, feed.Namespace, attempt);
            }
            catch (Exception exception)
            {
                logger.ResubscribeGaveUp(exception, feed.Namespace, timeout);
                feed.CloseConnections();
                return;
            }

            // Backoff between attempts while the cluster declares the silo dead and moves its grains.
            await Task.Delay(delay, time);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }
}
