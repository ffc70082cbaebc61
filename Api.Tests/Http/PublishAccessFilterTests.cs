using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Endpoints;

namespace SseOrleans.Api.Tests.Http;

public sealed class PublishAccessFilterTests
{
    private static readonly object Passed = new();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Without_a_key_loopback_callers_may_publish(string address) =>
        Assert.Same(Passed, await Invoke(key: null, address, authorization: null));

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("203.0.113.9")]
    [InlineData(null)]
    public async Task Without_a_key_other_callers_are_refused_with_the_setting_named(string? address)
    {
        var result = Assert.IsType<ContentHttpResult>(await Invoke(key: null, address, authorization: null));
        Assert.Equal(StatusCodes.Status403Forbidden, result.StatusCode);
        Assert.Contains("Sse:PublishKey", result.ResponseContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong")]
    [InlineData("Basic s3cret-publish-key")]
    [InlineData("s3cret-publish-key")]
    public async Task With_a_key_a_caller_without_it_is_unauthorized(string? authorization)
    {
        var result = Assert.IsType<ContentHttpResult>(await Invoke(key: "s3cret-publish-key", "127.0.0.1", authorization));
        Assert.Equal(StatusCodes.Status401Unauthorized, result.StatusCode);
    }

    [Theory]
    [InlineData("Bearer s3cret-publish-key")]
    [InlineData("bearer s3cret-publish-key")]
    public async Task With_a_key_any_caller_that_sends_it_may_publish(string authorization) =>
        Assert.Same(Passed, await Invoke(key: "s3cret-publish-key", "203.0.113.9", authorization));

    private static async Task<object?> Invoke(string? key, string? address, string? authorization)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        var filter = new PublishAccessFilter(Options.Create(new SseOptions { PublishKey = key }));
        return await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ => ValueTask.FromResult<object?>(Passed));
    }
}
