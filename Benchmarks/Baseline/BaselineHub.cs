using System.Collections.Concurrent;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.FanOut;
using SseOrleans.FrontEnd.Wire;

namespace SseOrleans.Benchmarks.Baseline;

/// <summary>
/// The baseline's namespaces, in place of the grains and their streams: a publish is delivered to its
/// namespace and to every enclosing one, each numbering it in its own sequence, as the service does.
/// Namespaces are kept for the life of the process (a benchmark makes a handful).
/// </summary>
internal sealed class BaselineHub
{
    private readonly ConcurrentDictionary<string, BaselineNamespace> _namespaces = new(StringComparer.Ordinal);
    private volatile bool _closing;

    /// <summary>Adds the connection to its namespace; false once the server is stopping.</summary>
    public bool TryAttach(SseConnection connection)
    {
        if (_closing)
        {
            return false;
        }

        Get(connection.Namespace).Add(connection);
        if (_closing)
        {
            // CloseAll ran meanwhile and may have missed it: end it the same way once it has started.
            connection.Close();
        }

        return true;
    }

    public void Detach(SseConnection connection) => Get(connection.Namespace).Remove(connection);

    /// <summary>Delivers to <paramref name="path"/> (normalized) and its ancestors; returns the id in <paramref name="path"/>.</summary>
    public SseEventId Publish(string path, string? name, string data)
    {
        var target = Get(path);
        var id = target.Deliver(name, data, path);
        for (var node = target.Parent; node is not null; node = node.Parent)
        {
            node.Deliver(name, data, path);
        }

        return id;
    }

    public void BroadcastKeepAlive()
    {
        foreach (var (_, node) in _namespaces)
        {
            foreach (var connection in node.Connections)
            {
                connection.Enqueue(EncodedBatch.KeepAlive);
            }
        }
    }

    /// <summary>Ends every stream cleanly and refuses new ones, so the server stops without waiting on them.</summary>
    public void CloseAll()
    {
        _closing = true;
        foreach (var (_, node) in _namespaces)
        {
            foreach (var connection in node.Connections)
            {
                connection.Close();
            }
        }
    }

    private BaselineNamespace Get(string path) =>
        _namespaces.TryGetValue(path, out var node) ? node : Create(path);

    private BaselineNamespace Create(string path)
    {
        var parentPath = NamespacePath.GetParent(path);
        var parent = parentPath is null ? null : Get(parentPath);
        return _namespaces.GetOrAdd(path, new BaselineNamespace(path, parent));
    }
}
