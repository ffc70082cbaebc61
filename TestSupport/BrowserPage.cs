using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SseOrleans.TestSupport;

/// <summary>
/// One page in its own browser context, with what the page said (console messages, uncaught errors,
/// failed requests, error answers) kept for failure messages and written to the test's output as it happens.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ITestOutputHelper? _output;

    internal BrowserPage(IBrowserContext context, IPage page, ITestOutputHelper? output)
    {
        Context = context;
        Page = page;
        _output = output;
        page.Console += (_, message) => Record($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => Record("page error: " + error);
        page.RequestFailed += (_, request) => Record($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Record($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>What the page said so far, one line each.</summary>
    public string Log => string.Join(Environment.NewLine, _log);

    /// <summary>Answers <paramref name="url"/> with <paramref name="html"/> in this page, so a test page runs on the server's own origin.</summary>
    public Task ServeAsync(Uri url, string html) =>
        Page.RouteAsync(url.ToString(), route => route.FulfillAsync(new() { ContentType = "text/html; charset=utf-8", Body = html }));

    /// <summary>Resolves once the JavaScript expression <paramref name="condition"/> is true in the page; on timeout the page's log is in the message.</summary>
    public async Task WaitForAsync(string condition)
    {
        try
        {
            await Page.WaitForFunctionAsync(condition);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} waiting for {condition}{Environment.NewLine}Browser log:{Environment.NewLine}{Log}", timeout);
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    private void Record(string line)
    {
        _log.Enqueue(line);
        try
        {
            _output?.WriteLine("[browser] " + line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; the line stays in Log.
        }
    }
}
