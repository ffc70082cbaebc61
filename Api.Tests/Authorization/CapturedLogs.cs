using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>
/// A logger provider that keeps every message it is given, formatted as a console would print it, with
/// its state's values and any exception: what an operator's log would hold.
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                : string.Empty;
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {{{values}}} {exception}");
        }
    }
}
