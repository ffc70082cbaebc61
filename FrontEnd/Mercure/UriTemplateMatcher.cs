using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// An RFC 6570 URI template as a matcher of the strings it can expand to, the way Mercure matches topics
/// against a template selector: literals match exactly; an expression matches nothing, or its operator's
/// first character followed by values separated by its separator (at most one value per variable, any
/// number when a variable explodes), each value a run of the characters that operator may produce:
/// unreserved characters and <c>%XX</c> escapes, plus reserved characters for <c>{+var}</c> and
/// <c>{#var}</c>, commas between list items, and <c>=</c> where names are written. Variable names and
/// prefix lengths are not checked. So <c>https://example.com/books/{id}</c> matches
/// <c>https://example.com/books/1</c> but not <c>.../books/1/reviews</c>; <c>{+path}</c> matches slashes.
/// <para>
/// Own code, for two reasons. RFC 6570 defines expansion only, and the one template package the package
/// source serves (Std.UriTemplate) only expands. And a subscriber chooses its selectors, so matching must
/// not depend on them for its cost: .NET's backtracking regular expressions take exponential time on
/// adjacent expressions (<c>{a}{b}{c}x</c>), and its non-backtracking engine refuses long literals (an
/// automaton size limit) and is slow on bounded repetition. This is a Thompson simulation: time is at most
/// the topic's length times the template's steps, whatever both contain.
/// </para>
/// </summary>
internal sealed class UriTemplateMatcher
{
    private readonly TemplateStep[] _steps;

    private UriTemplateMatcher(TemplateStep[] steps, int literalPrefixLength)
    {
        _steps = steps;
        LiteralPrefixLength = literalPrefixLength;
    }

    /// <summary>How many characters of the template precede its first expression: every match starts with them.</summary>
    public int LiteralPrefixLength { get; }

    /// <summary>The matcher of <paramref name="template"/>, or false when it is not an RFC 6570 template with at least one expression.</summary>
    public static bool TryCompile(string template, [NotNullWhen(true)] out UriTemplateMatcher? matcher)
    {
        ArgumentNullException.ThrowIfNull(template);
        matcher = null;
        var firstExpression = template.IndexOf('{', StringComparison.Ordinal);
        if (firstExpression < 0 || UriTemplateCompiler.Compile(template) is not { } steps)
        {
            return false;
        }

        matcher = new UriTemplateMatcher(steps, firstExpression);
        return true;
    }

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var count = _steps.Length;
        var current = ArrayPool<int>.Shared.Rent(count);
        var next = ArrayPool<int>.Shared.Rent(count);
        var seen = ArrayPool<int>.Shared.Rent(count);
        // A closure visits each split once and pushes its two targets: at most 2 × steps + 1 entries wait.
        var stack = ArrayPool<int>.Shared.Rent((2 * count) + 1);
        try
        {
            // seen[step] == generation: the step is already in the list being built.
            Array.Clear(seen, 0, count);
            var generation = 1;
            var currentCount = AddClosure(0, current, 0, seen, generation, stack);
            foreach (var c in text)
            {
                generation++;
                var nextCount = 0;
                for (var i = 0; i < currentCount; i++)
                {
                    var step = _steps[current[i]];
                    if (step.Consumes(c))
                    {
                        nextCount = AddClosure(step.Next, next, nextCount, seen, generation, stack);
                    }
                }

                if (nextCount == 0)
                {
                    return false;
                }

                (current, next) = (next, current);
                currentCount = nextCount;
            }

            for (var i = 0; i < currentCount; i++)
            {
                if (_steps[current[i]].Kind == TemplateStepKind.Match)
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(current);
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(seen);
            ArrayPool<int>.Shared.Return(stack);
        }
    }

    // Adds the step and every step it reaches without consuming a character (through splits).
    private int AddClosure(int start, int[] list, int count, int[] seen, int generation, int[] stack)
    {
        var top = 0;
        stack[top++] = start;
        while (top > 0)
        {
            var index = stack[--top];
            if (seen[index] == generation)
            {
                continue;
            }

            seen[index] = generation;
            var step = _steps[index];
            if (step.Kind == TemplateStepKind.Split)
            {
                stack[top++] = step.Alternative;
                stack[top++] = step.Next;
            }
            else
            {
                list[count++] = index;
            }
        }

        return count;
    }
}
