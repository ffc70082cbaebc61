using Microsoft.Playwright;

namespace SseOrleans.AppHost.Tests;

/// <summary>
/// Debian's <c>/usr/bin/chromium</c>, headless, driven by Playwright (no browser download): the flags keep
/// it off the network this machine does not have.
/// </summary>
internal static class HeadlessChromium
{
    private const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }
}
