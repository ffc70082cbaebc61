using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Namespaces;
using SseOrleans.FrontEnd.Telemetry;

namespace SseOrleans.FrontEnd.FanOut;

/// <summary>
/// The one owner of stream repairs in this process. What finds that a feed may be behind hands it here:
/// the feed, whose ordering held a batch that does not follow (<see cref="Request"/>); the gap check, with the
/// feeds that were quiet for an interval (<see cref="CheckQuietAsync"/>); the subscriber renewal, with each
/// namespace's newest id (<see cref="CatchUp"/>); feed recovery, after a lost gateway
/// (<see cref="CheckNewestAsync"/>). The feed's <see cref="FeedOrder"/> says whether a repair is due (one per
/// feed at a time), and this runs it as a <see cref="HistoryRepair"/> off the caller's thread. The grain calls
/// of all repairs and checks are bounded; a released feed's repair stops with it, and every one stops with
/// the host.
/// </summary>
internal sealed class FeedRepairs : IHostedService, IDisposable
{
    private const int MaxCallsInFlight = 16;
    private readonly SemaphoreSlim _calls = new(MaxCallsInFlight);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<Run> _runs = [];
    private readonly INamespaceGrains _namespaces;
    private readonly HistoryRepair _repair;
    private readonly TimeSpan _reorderWindow;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _disposed;

    public FeedRepairs(INamespaceGrains namespaces, IOptions<SseOptions> options, TimeProvider time, SseMetrics metrics, ILogger<FeedRepairs> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _namespaces = namespaces;
        _logger = logger;
        var sse = options.Value;
        _reorderWindow = sse.ReorderWindow;
        _time = time;
        _repair = new HistoryRepair(
            (path, after, cancellationToken) => CallAsync(() => namespaces.GetEventsAfter(path, after, sse.HistoryPageBytes), cancellationToken),
            sse.ResubscribeTimeout,
            time,
            metrics,
            logger);
    }

    /// <summary>A repair of <paramref name="order"/> is due (its ordering said so): runs it.</summary>
    public void Request(FeedOrder order) => Request(order, TimeSpan.Zero);

    /// <summary>
    /// A repair of <paramref name="order"/> is due because its stream delivered a batch that does not follow:
    /// runs it once <see cref="SseOptions.ReorderWindow"/> has passed. Batches that fill the hole meanwhile
    /// (another silo's, that crossed this one's) are held with it, and the repair then delivers them without
    /// reading the history.
    /// </summary>
    public void RequestAfterReorderWindow(FeedOrder order) => Request(order, _reorderWindow);

    private void Request(FeedOrder order, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var run = new Run(order, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
            _runs.Add(run);

            // Off the caller's thread: a stream's delivery must return at once.
            // The wait starts here, on the caller's clock reading, not when the task gets a thread.
            var wait = delay > TimeSpan.Zero ? Task.Delay(delay, _time, run.Stopping) : Task.CompletedTask;
            run.Task = Task.Run(() => RunAsync(run, wait));
        }
    }

    /// <summary>The namespace's newest id, answered to a call made when the order's delivery mark was <paramref name="mark"/>.</summary>
    public void CatchUp(FeedOrder order, SseEventId newest, long mark)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.CatchUpTo(newest, mark))
        {
            Request(order);
        }
    }

    /// <summary>
    /// Asks the namespace for its newest id and repairs what the feed is behind it. For a quiet stream (a lost
    /// last event is revealed by no later one) and after a lost gateway. Never fails: a namespace that cannot
    /// answer is asked again by the next check.
    /// </summary>
    public async Task CheckNewestAsync(FeedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var mark = order.DeliveryMark;
        SseEventId newest;
        try
        {
            newest = await CallAsync(() => _namespaces.GetLastEventId(order.Namespace), _stopping.Token);
        }
        catch (Exception exception)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _logger.NewestCheckFailed(exception, order.Namespace);
            }

            return;
        }

        CatchUp(order, newest, mark);
    }

    /// <summary>The gap check's round: each feed that delivered nothing since the last round, and is not repairing, is checked.</summary>
    public Task CheckQuietAsync(FeedOrder[] orders, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            Array.FindAll(orders, order => order.TakeIdle()),
            new ParallelOptions { MaxDegreeOfParallelism = MaxCallsInFlight, CancellationToken = cancellationToken },
            async (order, _) => await CheckNewestAsync(order));

    /// <summary>The repairs of <paramref name="order"/> running now; a completed task when there is none. It never fails.</summary>
    public Task Running(FeedOrder order)
    {
        lock (_gate)
        {
            var tasks = _runs.FindAll(run => run.Order == order).ConvertAll(run => run.Task);
            return tasks.Count switch
            {
                0 => Task.CompletedTask,
                1 => tasks[0],
                _ => Task.WhenAll(tasks),
            };
        }
    }

    /// <summary>The feed of <paramref name="order"/> is released: nothing more is delivered, and its repair stops (awaited here).</summary>
    public async Task StopAsync(FeedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        order.Stop();
        lock (_gate)
        {
            foreach (var run in _runs)
            {
                if (run.Order == order)
                {
                    run.Stop();
                }
            }
        }

        await Running(order);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The host is stopping: every repair stops (awaited here, as long as the host waits).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_gate)
        {
            running = [.. _runs.ConvertAll(run => run.Task)];
        }

        await _stopping.CancelAsync();
        await Task.WhenAll(running).WaitAsync(cancellationToken);
    }

    // The container disposes this once as a singleton and once as a hosted service.
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stopping.Cancel();
        _stopping.Dispose();
        _calls.Dispose();
    }

    private async Task RunAsync(Run run, Task wait)
    {
        try
        {
            try
            {
                await wait;
            }
            catch (OperationCanceledException)
            {
                // Stopped while waiting: the repair ends as a stopped repair does.
            }

            await _repair.RunAsync(run.Order, run.Stopping);
        }
        finally
        {
            lock (_gate)
            {
                _runs.Remove(run);
                run.Dispose();
            }
        }
    }

    // Awaited only until the repair stops: a grain call cannot be taken back, its answer can be ignored.
    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        await _calls.WaitAsync(cancellationToken);
        try
        {
            return await call().WaitAsync(cancellationToken);
        }
        finally
        {
            _calls.Release();
        }
    }

    // One repair of one feed. Stopped and disposed under the owner's lock only, so a stop never meets a disposed source.
    private sealed class Run(FeedOrder order, CancellationTokenSource stopping) : IDisposable
    {
        public FeedOrder Order => order;

        public CancellationToken Stopping { get; } = stopping.Token;

        public Task Task { get; set; } = Task.CompletedTask;

        // Asynchronously, so that no continuation of the repair runs here, under the owner's lock.
        public void Stop() => _ = stopping.CancelAsync();

        public void Dispose() => stopping.Dispose();
    }
}
