using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// Where Mercure topics live among the namespaces, so that the cluster, the histories and the admin view
/// serve them, and where a selector's updates can be read.
/// <para>
/// A topic is cut at each <c>/</c> into pieces, and each piece becomes one segment under <see cref="Root"/>,
/// followed by the segment <c>~</c> that ends the topic: <c>https://example.com/books/1</c> is
/// <c>/mercure/https:/~~/example.com/books/1/~</c>. A piece keeps its characters but for <c>~</c> and
/// control characters, each written as <c>~XX</c> per UTF-8 byte (<c>~7E</c> for <c>~</c>); an empty piece
/// is <c>~~</c>, and a piece <c>.</c> or <c>..</c> has its dots written <c>~2E</c>. Every <c>~</c> a piece
/// keeps is followed by two upper-case hex digits, so <c>~</c>, <c>~~</c> and <c>~h...</c> are never
/// pieces, and the topic can be read back (<see cref="TryGetTopic"/>): the mapping is injective. The
/// topic's own events live in its <c>~</c> namespace, so a subscriber of exactly that topic reads no other
/// topic's traffic, and a topic and the topics under it (<c>.../books</c>, <c>.../books/1</c>) stay apart.
/// </para>
/// <para>
/// A topic whose namespace would break <see cref="NamespacePath"/>'s limits (more than
/// <see cref="NamespacePath.MaxDepth"/> segments or <see cref="NamespacePath.MaxBytes"/> bytes) keeps its
/// leading pieces while they fit (with room for one more segment) and ends in <c>~h</c> and the lower-case
/// hex SHA-256 of the whole topic: still one namespace per topic, told apart by the hash.
/// </para>
/// <para>
/// A selector reads the narrowest subtree that holds every topic it matches: <c>*</c> the whole
/// <see cref="Root"/>; an exact topic its own namespace; a template the pieces of its literal text before
/// its first expression, up to the last <c>/</c> there (<c>https://example.com/books/{id}</c> reads
/// <c>/mercure/https:/~~/example.com/books</c>), cut the same way as a long topic's kept pieces, so a long
/// topic it matches is still inside.
/// </para>
/// </summary>
internal sealed class TopicNamespaces
{
    public const string DefaultRoot = "/mercure";

    /// <summary>The segment that ends a topic that fits: its updates are published to this namespace.</summary>
    public const string TopicEnd = "~";

    /// <summary>The segment of an empty piece (the one between the slashes of <c>https://</c>).</summary>
    public const string EmptyPiece = "~~";

    /// <summary>The start of the segment that ends a topic too long or too deep to fit, before the topic's hash.</summary>
    public const string HashedTopicEnd = "~h";

    private const char Escape = '~';

    // "/~h" and 64 hex digits.
    private const int HashedEndBytes = 3 + 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _prefix;
    private readonly int _rootDepth;

    public TopicNamespaces(string root = DefaultRoot)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!NamespacePath.IsNormalized(root) || root.Count('/') >= NamespacePath.MaxDepth - 2 || root.Length > NamespacePath.MaxBytes / 2)
        {
            throw new ArgumentException($"'{root}' is not a normalized namespace short enough to hold topics", nameof(root));
        }

        Root = root;
        _prefix = root == NamespacePath.Root ? string.Empty : root;
        _rootDepth = _prefix.Count('/');
    }

    /// <summary>The namespace under which every topic lives.</summary>
    public string Root { get; }

    /// <summary>The namespace <paramref name="topic"/>'s updates are published to.</summary>
    /// <exception cref="ArgumentException">The topic is not well-formed UTF-16 (a lone surrogate).</exception>
    public string NamespaceOf(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        try
        {
            StrictUtf8.GetByteCount(topic);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException("the topic is not well-formed UTF-16", nameof(topic), exception);
        }

        var segments = Encode(topic.Split('/'));
        var bytes = Encoding.UTF8.GetByteCount(_prefix);
        foreach (var segment in segments)
        {
            bytes += 1 + Encoding.UTF8.GetByteCount(segment);
        }

        if (_rootDepth + segments.Length + 1 <= NamespacePath.MaxDepth && bytes + 1 + TopicEnd.Length <= NamespacePath.MaxBytes)
        {
            return Join(segments, segments.Length) + "/" + TopicEnd;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(topic)));
        return Join(segments, KeptSegments(segments)) + "/" + HashedTopicEnd + hash;
    }

    /// <summary>The namespace whose subtree holds every topic <paramref name="selector"/> matches.</summary>
    public string SubtreeOf(TopicSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        switch (selector.Kind)
        {
            case TopicSelectorKind.Everything:
                return Root;
            case TopicSelectorKind.Exact:
                return NamespaceOf(selector.Raw);
            default:
                var literal = selector.Raw.AsSpan(0, selector.LiteralPrefixLength);
                var slash = literal.LastIndexOf('/');
                if (slash < 0)
                {
                    return Root;
                }

                var segments = Encode(literal[..slash].ToString().Split('/'));
                return Join(segments, KeptSegments(segments));
        }
    }

    /// <summary>
    /// The one namespace a hub connection with <paramref name="selectors"/> reads: the lowest common ancestor of
    /// <see cref="SubtreesOf"/> (for one selector, or several within one prefix, exactly the narrowest subtree).
    /// One namespace's sequence orders everything the connection can receive, and an update with several
    /// topics below it is one copy there.
    /// </summary>
    public string FeedOf(TopicSelectorSet selectors)
    {
        var subtrees = SubtreesOf(selectors);
        var feed = subtrees.Count == 0 ? Root : subtrees[0];
        for (var i = 1; i < subtrees.Count; i++)
        {
            while (feed != NamespacePath.Root && subtrees[i] != feed && !subtrees[i].StartsWith(feed + "/", StringComparison.Ordinal))
            {
                feed = NamespacePath.GetParent(feed)!;
            }
        }

        return feed;
    }

    /// <summary>The subtrees a subscriber with <paramref name="selectors"/> reads: each selector's, less those inside another.</summary>
    public IReadOnlyList<string> SubtreesOf(TopicSelectorSet selectors)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        var subtrees = selectors.Selectors.Select(SubtreeOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return subtrees.Where(subtree => !subtrees.Any(other => other != subtree && NamespaceGrant.Covers(other, subtree))).ToList();
    }

    /// <summary>The topic whose namespace is <paramref name="path"/>; false for any other namespace, and for a hashed topic.</summary>
    public bool TryGetTopic(string path, [NotNullWhen(true)] out string? topic)
    {
        ArgumentNullException.ThrowIfNull(path);
        topic = null;
        var start = _prefix.Length + 1;
        if (path.Length <= start + TopicEnd.Length || !path.StartsWith(_prefix + "/", StringComparison.Ordinal) || !path.EndsWith("/" + TopicEnd, StringComparison.Ordinal))
        {
            return false;
        }

        var segments = path[start..^(TopicEnd.Length + 1)].Split('/');
        var pieces = new string[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            if (Decode(segments[i]) is not { } piece || EncodePiece(piece) != segments[i])
            {
                return false;
            }

            pieces[i] = piece;
        }

        topic = string.Join('/', pieces);
        return true;
    }

    // How many of the segments a hashed topic keeps, or a template's subtree holds: as many as fit with
    // room for the hashed end. It depends on each segment and those before it only, so topics that share
    // their leading pieces keep the same ones as far as those go.
    private int KeptSegments(string[] segments)
    {
        var bytes = Encoding.UTF8.GetByteCount(_prefix) + HashedEndBytes;
        var kept = 0;
        while (kept < segments.Length && _rootDepth + kept + 2 <= NamespacePath.MaxDepth)
        {
            bytes += 1 + Encoding.UTF8.GetByteCount(segments[kept]);
            if (bytes > NamespacePath.MaxBytes)
            {
                break;
            }

            kept++;
        }

        return kept;
    }

    private string Join(string[] segments, int count) =>
        count == 0 ? Root : _prefix + "/" + string.Join('/', segments, 0, count);

    private static string[] Encode(string[] pieces)
    {
        for (var i = 0; i < pieces.Length; i++)
        {
            pieces[i] = EncodePiece(pieces[i]);
        }

        return pieces;
    }

    private static string EncodePiece(string piece)
    {
        if (piece.Length == 0)
        {
            return EmptyPiece;
        }

        if (piece is "." or "..")
        {
            return piece.Replace(".", "~2E", StringComparison.Ordinal);
        }

        if (!piece.Contains(Escape, StringComparison.Ordinal) && !piece.Any(char.IsControl))
        {
            return piece;
        }

        // '~' and C0/DEL are one UTF-8 byte each; C1 controls are two (C2 80 to C2 9F).
        var encoded = new StringBuilder(piece.Length + 8);
        foreach (var c in piece)
        {
            if (c == Escape || char.IsControl(c))
            {
                if (c >= 0x80)
                {
                    encoded.Append(Escape).Append("C2");
                }

                encoded.Append(Escape).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                encoded.Append(c);
            }
        }

        return encoded.ToString();
    }

    private static string? Decode(string segment)
    {
        if (segment == EmptyPiece)
        {
            return string.Empty;
        }

        if (!segment.Contains(Escape, StringComparison.Ordinal))
        {
            return segment;
        }

        var text = new StringBuilder(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] != Escape)
            {
                text.Append(segment[i]);
                continue;
            }

            if (!TryReadByte(segment, i, out var value))
            {
                return null;
            }

            i += 2;
            if (value == 0xC2 && TryReadByte(segment, i + 1, out var next) && next is >= 0x80 and <= 0xBF)
            {
                value = next;
                i += 3;
            }

            text.Append((char)value);
        }

        // Not necessarily canonical (~41 reads as A): TryGetTopic keeps a piece only when it encodes back to its segment.
        return text.ToString();
    }

    private static bool TryReadByte(string segment, int at, out int value)
    {
        value = 0;
        if (at + 2 >= segment.Length || segment[at] != Escape
            || !char.IsAsciiHexDigitUpper(segment[at + 1]) || !char.IsAsciiHexDigitUpper(segment[at + 2]))
        {
            return false;
        }

        value = int.Parse(segment.AsSpan(at + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return true;
    }
}
