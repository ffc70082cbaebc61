using System.Diagnostics;
using System.Text.Json;

namespace SseOrleans.AppHost.Tests;

/// <summary>
/// The publish manifest, generated as azd generates it: in the AppHost's folder, <c>dotnet run --project
/// AppHost.csproj --publisher manifest --output-path ...</c> with azd's two environment variables. One
/// addition: <c>--no-build</c> with the configuration these tests were built in, since the test build has
/// just built the AppHost (a second build of the same outputs would only cost time). Written under the
/// test output folder, so its project paths are relative paths inside this repository.
/// </summary>
public sealed class ManifestFixture : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    public string ManifestPath { get; } = Path.Combine(AppContext.BaseDirectory, "manifest-" + Guid.NewGuid().ToString("N")[..8], "apphost.json");

    public string Text { get; private set; } = "";

    public JsonElement Resources { get; private set; }

    public async Task InitializeAsync()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(RepositoryRoot, "AppHost"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "run", "--project", "AppHost.csproj", "--no-build", "--configuration", testOutput.Parent!.Name,
            "--publisher", "manifest", "--output-path", ManifestPath,
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["ASPIRE_SUPPRESS_CLI_RUN_HOOK"] = "true";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(RunTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The manifest was not generated within {RunTimeout}.{Environment.NewLine}{await output}{await error}");
            }
        }

        var log = await output + await error;
        Assert.True(process.ExitCode == 0, $"dotnet run --publisher manifest exited with {process.ExitCode}:{Environment.NewLine}{log}");
        Text = await File.ReadAllTextAsync(ManifestPath);
        using var document = JsonDocument.Parse(Text);
        Resources = document.RootElement.GetProperty("resources").Clone();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Path.GetDirectoryName(ManifestPath)!, recursive: true);
        return Task.CompletedTask;
    }

    public JsonElement Resource(string name) =>
        Resources.TryGetProperty(name, out var resource) ? resource : throw new Xunit.Sdk.XunitException($"The manifest has no resource '{name}':{Environment.NewLine}{Text}");

    public static string? Env(JsonElement resource, string name) =>
        resource.TryGetProperty("env", out var env) && env.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SseOrleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("SseOrleans.sln is not above " + AppContext.BaseDirectory);
    }
}
