using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SseOrleans.ServiceDefaults;

public static class BoundedShutdown
{
    /// <summary>
    /// Runs the app as <c>app.Run()</c> does, but a stop lasts at most the host's
    /// <see cref="HostOptions.ShutdownTimeout"/> (30 s unless <c>shutdownTimeoutSeconds</c> says otherwise).
    /// The host cancels its services' stop at that moment, but waits for them to return, and Orleans' silo
    /// does not while its membership table is unreachable: with Redis gone it retried its goodbye for two
    /// minutes (and kept a script's Ctrl-C waiting). Past the timeout the process exits anyway, with code 1,
    /// without disposing the services (disposing the silo waits for the same stop).
    /// </summary>
    public static async Task<int> RunWithBoundedStopAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.StartAsync();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task;
        }

        var timeout = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var stop = app.StopAsync();
        if (await Task.WhenAny(stop, Task.Delay(timeout)) != stop)
        {
            Log.StopTimedOut(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Log.Category), timeout);
            await FlushLogsAsync(app.Services);
            return 1;
        }

        await stop;
        await app.DisposeAsync();
        return 0;
    }

    // The console logger writes from a queue that only its disposal drains; a provider that exports
    // somewhere unreachable gets a moment, not a say in when the process ends.
    private static async Task FlushLogsAsync(IServiceProvider services)
    {
        var flush = Task.Run(() =>
        {
            foreach (var provider in services.GetServices<ILoggerProvider>())
            {
                provider.Dispose();
            }
        });
        await Task.WhenAny(flush, Task.Delay(TimeSpan.FromSeconds(2)));
    }
}
