using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SseOrleans.Api.Tests.Admin;

/// <summary>
/// Debian's <c>chromium</c>, headless, driven over the DevTools protocol: it opens one page and
/// evaluates JavaScript in it. The DevTools port is chosen by Chromium (<c>--remote-debugging-port=0</c>)
/// and read from the <c>DevToolsActivePort</c> file in a fresh profile directory.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<HeadlessChromium> OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("sse-admin-chromium-").FullName;
        var start = new ProcessStartInfo("chromium")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
            url.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync(cancellationToken);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page (awaiting a promise) and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var id = ++_nextId;
        var command = new JsonObject
        {
            ["id"] = id,
            ["method"] = "Runtime.evaluate",
            ["params"] = new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true },
        };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        while (true)
        {
            var message = JsonNode.Parse(await ReceiveAsync(cancellationToken))!;
            if (message["id"]?.GetValue<int>() != id)
            {
                continue;
            }

            if (message["error"] is { } error)
            {
                throw new DevToolsException(error["message"]?.GetValue<string>() ?? error.ToJsonString());
            }

            if (message["result"]?["exceptionDetails"] is { } exception)
            {
                throw new InvalidOperationException("The page threw: " + exception.ToJsonString());
            }

            return message["result"]?["result"]?["value"];
        }
    }

    /// <summary>
    /// Resolves once <paramref name="condition"/> (a JavaScript expression) is true in the page. The page
    /// polls it; when a navigation replaces the page meanwhile, the wait starts again in the new one.
    /// </summary>
    public async Task WaitForAsync(string condition, CancellationToken cancellationToken)
    {
        var wait = $"new Promise(resolve => {{ const check = () => ({condition}) ? resolve(true) : setTimeout(check, 50); check(); }})";
        while (true)
        {
            try
            {
                if ((await EvaluateAsync(wait, cancellationToken))?.GetValue<bool>() == true)
                {
                    return;
                }
            }
            catch (DevToolsException) when (!cancellationToken.IsCancellationRequested)
            {
                // "Execution context was destroyed" and the like: the page navigated; wait in the new one.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A Chromium helper may still hold a file for a moment; the temp directory is cleaned eventually.
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        string[] lines;
        while (true)
        {
            // Nothing to await: Chromium writes the file once it listens. Poll it until the deadline.
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"chromium exited with {_process.ExitCode}");
            }

            lines = File.Exists(portFile) ? await File.ReadAllLinesAsync(portFile, cancellationToken) : [];
            if (lines.Length >= 2)
            {
                break;
            }

            await Task.Delay(50, cancellationToken);
        }

        var port = int.Parse(lines[0], CultureInfo.InvariantCulture);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        string? target = null;
        while (target is null)
        {
            var targets = await http.GetFromJsonAsync<JsonArray>("json/list", cancellationToken) ?? [];
            target = targets
                .Where(t => t?["type"]?.GetValue<string>() == "page")
                .Select(t => t!["webSocketDebuggerUrl"]?.GetValue<string>())
                .FirstOrDefault(address => address is not null);
            if (target is null)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        await _socket.ConnectAsync(new Uri(target), cancellationToken);
    }

    private async Task<string> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("DevTools closed the connection");
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}
