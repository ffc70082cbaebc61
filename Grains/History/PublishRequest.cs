using SseOrleans.Abstractions;

namespace SseOrleans.Grains.History;

/// <summary>
/// One publish on its way into the histories: its target namespace (normalized), name, data, and the
/// publisher's publish id (<see cref="Guid.Empty"/> for none), by which a retry is answered the first id (and a
/// publish that reuses it with other contents is refused, see <see cref="PublishFingerprint"/>). A
/// Mercure update may have <see cref="MoreTargets"/> (its other topics' namespaces: the publish id is the
/// first target's) and has its <see cref="Mercure"/> fields. <see cref="Deadline"/> (unix ms, 0 for none): the
/// store appends it only before then, by its own clock (Redis's for the Redis history), so that a publish
/// whose publisher stopped waiting is not appended later.
/// </summary>
internal readonly record struct PublishRequest(
    string Target, string? Name, string Data, Guid PublishId, string[]? MoreTargets = null, MercureFields? Mercure = null, long Deadline = 0)
{
    /// <summary>Whether the deadline has passed at <paramref name="now"/> (unix ms).</summary>
    public bool IsLate(long now) => Deadline != 0 && now >= Deadline;

    /// <summary>Whether <paramref name="path"/> is one of the targets.</summary>
    public bool IsTarget(string path) => path == Target || (MoreTargets is { } more && Array.IndexOf(more, path) >= 0);

    /// <summary>
    /// The namespaces that take a copy if they keep copies: every proper ancestor of a target that is not a
    /// target itself, each once, nearest the first target first. With one target, its ancestors.
    /// </summary>
    public List<string> Ancestors()
    {
        var ancestors = new List<string>();
        var seen = MoreTargets is null ? null : new HashSet<string>(StringComparer.Ordinal);
        Add(ancestors, seen, Target);
        foreach (var target in MoreTargets ?? [])
        {
            Add(ancestors, seen, target);
        }

        return ancestors;
    }

    /// <summary>Where a copy in <paramref name="path"/> comes from: itself for a target, else the first target below it.</summary>
    public string OriginIn(string path)
    {
        if (IsTarget(path))
        {
            return path;
        }

        if (MoreTargets is null || IsBelow(Target, path))
        {
            return Target;
        }

        foreach (var target in MoreTargets)
        {
            if (IsBelow(target, path))
            {
                return target;
            }
        }

        return Target;
    }

    private static bool IsBelow(string path, string ancestor) =>
        ancestor == NamespacePath.Root || (path.Length > ancestor.Length && path[ancestor.Length] == '/' && path.StartsWith(ancestor, StringComparison.Ordinal));

    private void Add(List<string> ancestors, HashSet<string>? seen, string target)
    {
        for (var path = NamespacePath.GetParent(target); path is not null; path = NamespacePath.GetParent(path))
        {
            // One target: its ancestors are distinct and none is a target.
            if (seen is null || (!IsTarget(path) && seen.Add(path)))
            {
                ancestors.Add(path);
            }
        }
    }
}
