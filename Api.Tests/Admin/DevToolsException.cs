namespace SseOrleans.Api.Tests.Admin;

/// <summary>An error answer from the DevTools protocol (as opposed to an exception thrown by the page's script).</summary>
public sealed class DevToolsException(string message) : Exception(message);
