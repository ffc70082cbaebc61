using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SseOrleans.TestSupport;

/// <summary>
/// Debian's headless <c>chromium</c> driven by Playwright, shared by every collection that declares
/// this fixture: the browser starts with the first page asked for and closes when the last of those
/// collections ends. Each test gets its own <see cref="BrowserPage"/> (a fresh context: no cookies
/// or storage from other tests).
/// </summary>
/// <remarks>
/// Playwright is told where the browser is (<see cref="ExecutablePath"/>) and never downloads one.
/// Its driver (node, inside the NuGet package) is copied next to the tests by the build of a project
/// that references <c>Microsoft.Playwright</c>, so a test project that uses this fixture references it too.
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// Tests run as root, where Chromium's sandbox cannot start; headless needs no GPU, and /dev/shm in
    /// a container can be too small for Chromium. The rest keep it off the network: the tests reach
    /// only loopback, and Chromium's own connections to its services would be refused.
    /// </summary>
    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    /// <summary>Playwright's waits and expectations; generous, since the page polls the server on its own timers.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static int _users;
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;
    private bool _joined;

    /// <summary>A new context and page; dispose it at the end of the test.</summary>
    public async Task<BrowserPage> NewPageAsync(ITestOutputHelper? output = null)
    {
        ObjectDisposedException.ThrowIf(!_joined, this);
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        return new BrowserPage(context, await context.NewPageAsync(), output);
    }

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        _users++;
        _joined = true;
        Gate.Release();
    }

    public async Task DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _joined = false;
            if (--_users > 0)
            {
                return;
            }

            if (_browser is not null)
            {
                await _browser.CloseAsync();
            }

            _playwright?.Dispose();
            (_browser, _playwright) = (null, null);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<IBrowser> BrowserAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is null)
            {
                if (!Directory.Exists(Path.Combine(AppContext.BaseDirectory, ".playwright")))
                {
                    throw new InvalidOperationException(
                        "Playwright's driver is not next to the tests: reference Microsoft.Playwright in the test project.");
                }

                Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new()
                {
                    ExecutablePath = ExecutablePath,
                    Headless = true,
                    Args = Args,
                });
            }

            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }
}
