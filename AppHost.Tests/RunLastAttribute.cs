namespace SseOrleans.AppHost.Tests;

/// <summary>Marks the test that ends the shared AppHost: <see cref="RunLastOrderer"/> runs it after the others of its class.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RunLastAttribute : Attribute;
