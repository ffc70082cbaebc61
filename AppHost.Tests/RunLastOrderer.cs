using Xunit.Abstractions;
using Xunit.Sdk;

namespace SseOrleans.AppHost.Tests;

/// <summary>Keeps xunit's order but moves the tests marked <see cref="RunLastAttribute"/> to the end.</summary>
public sealed class RunLastOrderer : ITestCaseOrderer
{
    public const string TypeName = "SseOrleans.AppHost.Tests.RunLastOrderer";
    public const string AssemblyName = "SseOrleans.AppHost.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(testCase => testCase.TestMethod.Method.GetCustomAttributes(typeof(RunLastAttribute)).Any());
}
