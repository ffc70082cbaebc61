namespace SseOrleans.Abstractions.Tests;

public sealed class NamespacePathTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("pets", "/pets")]
    [InlineData("/pets", "/pets")]
    [InlineData("/pets/", "/pets")]
    [InlineData("/pets/dogs", "/pets/dogs")]
    [InlineData("/Pets/Dogs", "/Pets/Dogs")]
    [InlineData("/caf\u00e9/\u732b", "/caf\u00e9/\u732b")]
    [InlineData("/a b/%41", "/a b/%41")]
    [InlineData("/.well/..known", "/.well/..known")]
    public void Normalizes_valid_paths(string? raw, string expected)
    {
        Assert.True(NamespacePath.TryNormalize(raw, out var path, out var error), error);
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("//", "empty segment")]
    [InlineData("/pets//dogs", "empty segment")]
    [InlineData("/pets//", "empty segment")]
    [InlineData("//pets", "empty segment")]
    [InlineData("/pets/.", "'.' or '..'")]
    [InlineData("/pets/../admin", "'.' or '..'")]
    [InlineData("/./pets", "'.' or '..'")]
    [InlineData("/pets\u0000", "control character")]
    [InlineData("/pe\nts", "control character")]
    [InlineData("/pets\u007f", "control character")]
    [InlineData("/pets\u0085", "control character")]
    public void Rejects_invalid_paths_with_a_reason(string raw, string reason)
    {
        Assert.False(NamespacePath.TryNormalize(raw, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_is_limited_in_utf8_bytes()
    {
        var fits = "/" + new string('a', NamespacePath.MaxBytes - 1);
        Assert.True(NamespacePath.TryNormalize(fits, out _, out _));
        Assert.True(NamespacePath.TryNormalize(fits + "/", out _, out _));
        Assert.False(NamespacePath.TryNormalize(fits + "a", out _, out var error));
        Assert.Contains("longer than 1024 bytes", error, StringComparison.Ordinal);

        // 512 characters, but 1,024 UTF-8 bytes plus the slash.
        Assert.False(NamespacePath.TryNormalize("/" + new string('\u00e9', 512), out _, out _));
    }

    [Fact]
    public void Depth_is_limited_in_segments()
    {
        var deepest = string.Concat(Enumerable.Repeat("/a", NamespacePath.MaxDepth));
        Assert.True(NamespacePath.TryNormalize(deepest, out _, out _));
        Assert.False(NamespacePath.TryNormalize(deepest + "/a", out _, out var error));
        Assert.Contains("deeper than 32 segments", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", null)]
    [InlineData("/pets", "/")]
    [InlineData("/pets/dogs", "/pets")]
    [InlineData("/pets/cats/persian", "/pets/cats")]
    public void Parent_is_the_path_without_its_last_segment(string path, string? parent) =>
        Assert.Equal(parent, NamespacePath.GetParent(path));

    [Theory]
    [InlineData("/pets", true)]
    [InlineData("/", true)]
    [InlineData("/pets/", false)]
    [InlineData("pets", false)]
    [InlineData("//", false)]
    public void IsNormalized_accepts_only_the_normal_form(string path, bool expected) =>
        Assert.Equal(expected, NamespacePath.IsNormalized(path));
}
