using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SseOrleans.TestSupport;

namespace SseOrleans.Grains.Tests;

/// <summary>
/// A silo that starts logs no stalled watchdog (<see cref="WatchdogStartFix"/>): Orleans' platform watchdog
/// looks at the time of the last component check as soon as it starts, and before the fix read it unset,
/// warning of a stall as long as the machine's uptime (Stopwatch timestamps count from boot: minutes on any
/// machine that has just built this test, where the warning's bound is 20 s).
/// </summary>
public sealed class WatchdogStartTests
{
    private const string StalledCheck = "Participant check thread has not completed";

    [Fact]
    public async Task A_starting_silo_logs_no_stalled_participant_check()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var clock = new PlatformWatchdogClock();
        var logs = new WatchdogLogs();
        var ports = FreePorts.Take(2);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(logs);
        builder.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, clock);
        builder.UseOrleans(silo => silo.AddSseGrains().UseLocalhostClustering(
            siloPort: ports[0], gatewayPort: ports[1], serviceId: "watchdog-" + Guid.NewGuid().ToString("N")[..8]));

        using var host = builder.Build();
        await host.StartAsync(timeout.Token);
        try
        {
            await clock.FirstPlatformCheckDone.WaitAsync(timeout.Token);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        Assert.DoesNotContain(logs.Warnings, message => message.StartsWith(StalledCheck, StringComparison.Ordinal));
    }

    /// <summary>
    /// The system clock, watching the platform watchdog's thread: it checks, then waits a second, then
    /// checks again. A read on that thread after such a wait means its first check (and any warning it
    /// logged, on the same thread) is over.
    /// </summary>
    private sealed class PlatformWatchdogClock : TimeProvider
    {
        private const string PlatformThread = "Orleans.Runtime.Watchdog.Platform";
        private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(900);
        private readonly TaskCompletionSource _firstCheckDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long? _lastPlatformRead;

        public Task FirstPlatformCheckDone => _firstCheckDone.Task;

        public override long GetTimestamp()
        {
            var now = System.GetTimestamp();
            if (Thread.CurrentThread.Name == PlatformThread)
            {
                if (_lastPlatformRead is { } last && System.GetElapsedTime(last, now) >= Wait)
                {
                    _firstCheckDone.TrySetResult();
                }

                _lastPlatformRead = now;
            }

            return now;
        }
    }

    private sealed class WatchdogLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyCollection<string> Warnings => _warnings;

        public ILogger CreateLogger(string categoryName) =>
            categoryName == "Orleans.Runtime.Watchdog" ? new Logger(_warnings) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    warnings.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
