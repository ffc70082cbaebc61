namespace SseOrleans.TestSupport;

/// <summary>
/// The base of every shared host: an xunit class or collection fixture that starts one
/// <typeparamref name="THost"/> before the first test that uses it and disposes it after the last.
/// A fixture is one line: <c>public sealed class ApiFixture() : HostFixture&lt;ApiHost&gt;(() =&gt; ...);</c>
/// </summary>
public abstract class HostFixture<THost>(Func<Task<THost>> start) : IAsyncLifetime
    where THost : class, IAsyncDisposable
{
    private THost? _host;

    protected HostFixture(Func<THost> start)
        : this(() => Task.FromResult(start()))
    {
    }

    public THost Host => _host ?? throw new InvalidOperationException($"{GetType().Name} has not started its host.");

    public async Task InitializeAsync() => _host = await start();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
