using System.Text.Json;

namespace SseOrleans.AppHost.Tests;

/// <summary>What azd deploys: the manifest of <c>dotnet run --project AppHost -- --publisher manifest</c>.</summary>
public sealed class ManifestTests(ManifestFixture manifest) : IClassFixture<ManifestFixture>
{
    [Fact]
    public void Redis_is_Aspire_s_Redis_container_with_a_generated_password()
    {
        var redis = manifest.Resource("redis");

        Assert.Equal("container.v0", Type(redis));
        Assert.StartsWith("docker.io/library/redis:", redis.GetProperty("image").GetString(), StringComparison.Ordinal);
        Assert.Equal(6379, redis.GetProperty("bindings").GetProperty("tcp").GetProperty("targetPort").GetInt32());
        Assert.Contains(",password={redis-password.value}", redis.GetProperty("connectionString").GetString(), StringComparison.Ordinal);
        Assert.True(manifest.Resource("redis-password").GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
    }

    [Fact]
    public void Silo_has_internal_Orleans_silo_and_gateway_ports_and_an_internal_http_endpoint()
    {
        var silo = manifest.Resource("silo");
        var bindings = silo.GetProperty("bindings");

        Assert.Equal("project.v0", Type(silo));
        foreach (var name in new[] { "orleans-silo", "orleans-gateway" })
        {
            var binding = bindings.GetProperty(name);
            Assert.Equal("tcp", binding.GetProperty("scheme").GetString());
            Assert.True(binding.TryGetProperty("targetPort", out _), name);
            Assert.False(IsExternal(binding), name);
        }

        Assert.Equal("{silo.bindings.orleans-silo.targetPort}", ManifestFixture.Env(silo, "Orleans__Endpoints__SiloPort"));
        Assert.Equal("{silo.bindings.orleans-gateway.targetPort}", ManifestFixture.Env(silo, "Orleans__Endpoints__GatewayPort"));
        Assert.Equal("{silo.bindings.http.targetPort}", ManifestFixture.Env(silo, "HTTP_PORTS"));
        Assert.False(IsExternal(bindings.GetProperty("http")));

        // In Azure every replica is its own container and advertises its own address (Orleans' default).
        Assert.Null(ManifestFixture.Env(silo, "Orleans__Endpoints__AdvertisedIPAddress"));
    }

    [Fact]
    public void Api_has_an_external_http_endpoint_and_the_publish_and_admin_keys()
    {
        var api = manifest.Resource("api");
        var bindings = api.GetProperty("bindings");

        Assert.Equal("project.v0", Type(api));
        Assert.Equal(["http"], bindings.EnumerateObject().Select(binding => binding.Name));
        Assert.Equal("http", bindings.GetProperty("http").GetProperty("scheme").GetString());
        Assert.True(IsExternal(bindings.GetProperty("http")));
        Assert.Equal("{api.bindings.http.targetPort}", ManifestFixture.Env(api, "HTTP_PORTS"));
        Assert.Equal("{publish-key.value}", ManifestFixture.Env(api, "Sse__PublishKey"));
        Assert.Equal("{admin-key.value}", ManifestFixture.Env(api, "Sse__AdminKey"));
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("api")]
    [InlineData("publisher")]
    public void Every_process_gets_Redis_clustering_and_the_sse_memory_streams(string name)
    {
        var resource = manifest.Resource(name);

        Assert.Equal("Redis", ManifestFixture.Env(resource, "Orleans__Clustering__ProviderType"));
        Assert.Equal("redis", ManifestFixture.Env(resource, "Orleans__Clustering__ServiceKey"));
        Assert.Equal("{redis.connectionString}", ManifestFixture.Env(resource, "ConnectionStrings__redis"));
        Assert.Equal("Memory", ManifestFixture.Env(resource, "Orleans__Streaming__sse__ProviderType"));
        Assert.Equal("{sse-orleans-cluster-id.value}", ManifestFixture.Env(resource, "Orleans__ClusterId"));
        Assert.Equal("{sse-orleans-service-id.value}", ManifestFixture.Env(resource, "Orleans__ServiceId"));
    }

    [Fact]
    public void Only_silos_keep_PubSubStore_in_Redis()
    {
        var silo = manifest.Resource("silo");

        Assert.Equal("Redis", ManifestFixture.Env(silo, "Orleans__GrainStorage__PubSubStore__ProviderType"));
        Assert.Equal("redis", ManifestFixture.Env(silo, "Orleans__GrainStorage__PubSubStore__ServiceKey"));
        Assert.Null(ManifestFixture.Env(manifest.Resource("api"), "Orleans__GrainStorage__PubSubStore__ProviderType"));
        Assert.Null(ManifestFixture.Env(manifest.Resource("publisher"), "Orleans__GrainStorage__PubSubStore__ProviderType"));
    }

    [Fact]
    public void Silos_keep_namespace_histories_in_Redis_and_front_ends_do_not_configure_them()
    {
        var silo = manifest.Resource("silo");

        Assert.Equal("Redis", ManifestFixture.Env(silo, "Sse__History__ProviderType"));
        Assert.Equal("redis", ManifestFixture.Env(silo, "Sse__History__ServiceKey"));
        Assert.Equal("{redis.connectionString}", ManifestFixture.Env(silo, "ConnectionStrings__redis"));
        Assert.Null(ManifestFixture.Env(manifest.Resource("api"), "Sse__History__ProviderType"));
    }

    [Fact]
    public void SamplePublisher_is_a_client_without_endpoints()
    {
        var publisher = manifest.Resource("publisher");

        Assert.Equal("project.v0", Type(publisher));
        Assert.False(publisher.TryGetProperty("bindings", out _));
        Assert.Null(ManifestFixture.Env(publisher, "Orleans__Endpoints__SiloPort"));
    }

    [Theory]
    [InlineData("publish-key")]
    [InlineData("admin-key")]
    public void Keys_are_secret_parameters_that_azd_asks_for(string name)
    {
        var parameter = manifest.Resource(name);
        var input = parameter.GetProperty("inputs").GetProperty("value");

        Assert.Equal("parameter.v0", Type(parameter));
        Assert.Equal($"{{{name}.inputs.value}}", parameter.GetProperty("value").GetString());
        Assert.True(input.GetProperty("secret").GetBoolean());
        Assert.False(input.TryGetProperty("default", out _), "a default would be deployed instead of asking");
    }

    [Theory]
    [InlineData("silo", "Silo/Silo.csproj")]
    [InlineData("api", "Api/Api.csproj")]
    [InlineData("publisher", "SamplePublisher/SamplePublisher.csproj")]
    public void Projects_are_named_by_paths_relative_to_the_manifest(string name, string project)
    {
        var path = manifest.Resource(name).GetProperty("path").GetString()!;

        Assert.False(Path.IsPathRooted(path), path);
        Assert.Equal(
            Path.Combine(manifest.RepositoryRoot, project),
            Path.GetFullPath(Path.Combine(Path.GetDirectoryName(manifest.ManifestPath)!, path)));
    }

    [Fact]
    public void Nothing_in_it_is_specific_to_this_machine()
    {
        foreach (var machineSpecific in new[] { manifest.RepositoryRoot, "localhost", "127.0.0.1", "/usr/bin/", "executable.v0", "AdvertisedIPAddress" })
        {
            Assert.DoesNotContain(machineSpecific, manifest.Text, StringComparison.Ordinal);
        }

        // The one absolute path is the shell inside Redis's image.
        Assert.Equal(["redis.entrypoint"], Strings(manifest.Resources, "").Where(s => s.Value.StartsWith('/')).Select(s => s.Path));

        Assert.Equal(
            ["admin-key", "api", "publish-key", "publisher", "redis", "silo"],
            manifest.Resources.EnumerateObject()
                .Where(resource => Type(resource.Value) is "project.v0" or "container.v0" || resource.Name.EndsWith("-key", StringComparison.Ordinal))
                .Select(resource => resource.Name)
                .Order(StringComparer.Ordinal));
    }

    private static IEnumerable<(string Path, string Value)> Strings(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => [(path, element.GetString()!)],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Strings(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((item, i) => Strings(item, $"{path}[{i}]")),
        _ => [],
    };

    private static string? Type(JsonElement resource) => resource.GetProperty("type").GetString();

    private static bool IsExternal(JsonElement binding) => binding.TryGetProperty("external", out var external) && external.GetBoolean();
}
