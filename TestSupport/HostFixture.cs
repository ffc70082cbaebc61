namespace SseOrleans.TestSupport;

/// <summary>
/// The base of every shared host: an xunit class or collection fixture that starts one
/// <typeparamref name="THost"/> before the first test that uses it and disposes it after the last.
/// A fixture is one line: <c>public sealed class ApiFixture() : HostFixture&lt;ApiHost&gt;(() =&gt; ...);</c>
/// While the host lives it holds the <see cref="SuiteLock"/> shared, or alone where
/// <see cref="RunsAlone"/> says so.
/// </summary>
public abstract class HostFixture<THost>(Func<Task<THost>> start) : IAsyncLifetime
    where THost : class, IAsyncDisposable
{
    private THost? _host;
    private IDisposable? _turn;

    protected HostFixture(Func<THost> start)
        : this(() => Task.FromResult(start()))
    {
    }

    public THost Host => _host ?? throw new InvalidOperationException($"{GetType().Name} has not started its host.");

    /// <summary>True for a host that must not share the machine with the suite's other hosts (a real cluster).</summary>
    protected virtual bool RunsAlone => false;

    public async Task InitializeAsync()
    {
        _turn = RunsAlone ? await SuiteLock.AloneAsync() : await SuiteLock.ShareAsync();
        try
        {
            _host = await start();
        }
        catch
        {
            _turn.Dispose();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
        finally
        {
            _turn?.Dispose();
        }
    }
}
