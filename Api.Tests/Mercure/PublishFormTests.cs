using System.Text;
using Microsoft.AspNetCore.Http;
using SseOrleans.FrontEnd.Mercure;

namespace SseOrleans.Api.Tests.Mercure;

/// <summary>The publish form's fields, their rules and each refusal's status and reason.</summary>
public sealed class PublishFormTests
{
    private const int MaxData = 64;

    [Fact]
    public void Every_field_is_read_and_the_topics_keep_their_order()
    {
        var update = Parse("topic=https%3A%2F%2Fexample.com%2Fbooks%2F1&data=%7B%22title%22%3A+%22Dune%22%7D&topic=urn%3Abook%3A1&private=on&id=urn%3Arev%3A7&type=book-updated&retry=2500&unknown=ignored");
        Assert.Equal(["https://example.com/books/1", "urn:book:1"], update.Topics);
        Assert.Equal("{\"title\": \"Dune\"}", update.Data);
        Assert.True(update.Private);
        Assert.Equal("urn:rev:7", update.Id);
        Assert.Equal("book-updated", update.Type);
        Assert.Equal(2500UL, update.Retry);
    }

    [Theory]
    [InlineData("topic=a&private")]
    [InlineData("topic=a&private=")]
    [InlineData("topic=a&private=on")]
    [InlineData("topic=a&private=off")]
    [InlineData("topic=a&private=false")]
    [InlineData("private=0&topic=a&private=1")]
    public void Any_private_field_makes_the_update_private(string form) =>
        Assert.True(Parse(form).Private);

    [Theory]
    [InlineData("topic=a")]
    [InlineData("topic=a&Private=on")]
    [InlineData("topic=a&privat=on")]
    public void Without_a_private_field_the_update_is_public(string form) =>
        Assert.False(Parse(form).Private);

    [Theory]
    [InlineData("topic=a")]
    [InlineData("topic=a&id=")]
    public void An_update_without_an_id_gets_a_fresh_uuid_urn(string form)
    {
        var first = Parse(form).Id;
        var second = Parse(form).Id;
        Assert.StartsWith("urn:uuid:", first, StringComparison.Ordinal);
        Assert.True(Guid.TryParse(first["urn:uuid:".Length..], out var uuid));
        Assert.Equal(7, uuid.Version);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Absent_data_is_empty_and_absent_type_and_retry_are_none()
    {
        var update = Parse("topic=a&type=&retry=");
        Assert.Equal(string.Empty, update.Data);
        Assert.Null(update.Type);
        Assert.Equal(0UL, update.Retry);
    }

    [Theory]
    [InlineData("data=+leading+space", " leading space")]
    [InlineData("data=%20%20two%0A%0Ablank+line%0D%0Aend%0A", "  two\n\nblank line\r\nend\n")]
    [InlineData("data=a%2Bb+c", "a+b c")]
    [InlineData("data=caf%C3%A9+%F0%9F%90%B6", "caf\u00e9 \ud83d\udc36")]
    [InlineData("data=%25", "%")]
    public void Data_is_decoded_exactly(string field, string data) =>
        Assert.Equal(data, Parse("topic=a&" + field).Data);

    [Theory]
    [InlineData("topic=a&data=%ZZ", "not followed by two hex digits")]
    [InlineData("topic=a&data=50%", "not followed by two hex digits")]
    [InlineData("topic=a&data=%4", "not followed by two hex digits")]
    [InlineData("topic=a%FF&data=x", "not UTF-8")]
    [InlineData("topic=a&data=%C3", "not UTF-8")]
    public void A_malformed_encoding_is_refused_not_passed_on_as_text(string form, string reason) =>
        AssertRefused(form, StatusCodes.Status400BadRequest, reason);

    [Theory]
    [InlineData("data=x", "at least one topic")]
    [InlineData("Topic=a&data=x", "at least one topic")]
    [InlineData("topic=&data=x", "must not be empty")]
    [InlineData("topic=a&topic=&data=x", "must not be empty")]
    [InlineData("topic=a%0Ab", "control or invisible")]
    [InlineData("topic=a%E2%80%AEb", "control or invisible")]
    public void Topics_must_be_present_and_clean(string form, string reason) =>
        AssertRefused(form, StatusCodes.Status400BadRequest, reason);

    [Fact]
    public void An_update_has_at_most_the_topic_limit()
    {
        var topics = string.Join('&', Enumerable.Range(0, MercureLimits.MaxTopics).Select(i => $"topic=t{i}"));
        Assert.Equal(MercureLimits.MaxTopics, Parse(topics).Topics.Count);
        AssertRefused(topics + "&topic=one-more", StatusCodes.Status400BadRequest, $"at most {MercureLimits.MaxTopics} topics");
    }

    [Fact]
    public void A_topic_has_at_most_the_byte_limit()
    {
        var longest = new string('t', MercureLimits.MaxTopicBytes);
        Assert.Equal(longest, Assert.Single(Parse("topic=" + longest).Topics));
        AssertRefused("topic=" + longest + "t", StatusCodes.Status400BadRequest, $"longer than {MercureLimits.MaxTopicBytes} bytes");
    }

    [Theory]
    [InlineData("topic=/.well-known/mercure/subscriptions/a/b")]
    [InlineData("topic=https%3A%2F%2Fexample.com%2F.well-known%2Fmercure%2Fsubscriptions")]
    [InlineData("topic=allowed&topic=%2F.well-known%2Fmercure")]
    public void Only_the_hub_publishes_under_well_known_mercure(string form) =>
        AssertRefused(form, StatusCodes.Status403Forbidden, "only the hub publishes");

    [Fact]
    public void Data_may_take_exactly_the_limit_in_utf8_bytes()
    {
        var fits = new string('\u00e9', MaxData / 2);
        Assert.Equal(fits, Parse("topic=a&data=" + Uri.EscapeDataString(fits)).Data);
        AssertRefused("topic=a&data=" + Uri.EscapeDataString(fits + "x"), StatusCodes.Status413PayloadTooLarge, $"Sse:MaxMessageBytes ({MaxData} bytes)");
    }

    [Theory]
    [InlineData("id=%23frag", "must not start with '#'")]
    [InlineData("id=earliest", "must not be 'earliest'")]
    [InlineData("id=a%0D%0Aevent%3A+forged", "control or invisible")]
    [InlineData("id=a%00", "control or invisible")]
    [InlineData("type=a%0Adata%3A+forged", "control or invisible")]
    [InlineData("type=%E2%80%8B", "control or invisible")]
    public void Ids_and_types_cannot_forge_fields_or_collide_with_replay_words(string field, string reason) =>
        AssertRefused("topic=a&" + field, StatusCodes.Status400BadRequest, reason);

    [Fact]
    public void Ids_and_types_have_byte_limits()
    {
        Assert.Equal(MercureLimits.MaxIdBytes, Parse("topic=a&id=" + new string('i', MercureLimits.MaxIdBytes)).Id.Length);
        AssertRefused("topic=a&id=" + new string('i', MercureLimits.MaxIdBytes + 1), StatusCodes.Status400BadRequest, "'id' is longer");
        Assert.Equal(MercureLimits.MaxTypeBytes, Parse("topic=a&type=" + new string('t', MercureLimits.MaxTypeBytes)).Type!.Length);
        AssertRefused("topic=a&type=" + new string('t', MercureLimits.MaxTypeBytes + 1), StatusCodes.Status400BadRequest, "'type' is longer");
    }

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("1", 1UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void Retry_is_a_whole_number_of_milliseconds(string retry, ulong milliseconds) =>
        Assert.Equal(milliseconds, Parse("topic=a&retry=" + retry).Retry);

    [Theory]
    [InlineData("-1")]
    [InlineData("%2B1")]
    [InlineData("1.5")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("soon")]
    [InlineData("18446744073709551616")]
    public void Any_other_retry_is_refused(string retry) =>
        AssertRefused("topic=a&retry=" + retry, StatusCodes.Status400BadRequest, "'retry' must be a whole number of milliseconds");

    [Theory]
    [InlineData("data")]
    [InlineData("id")]
    [InlineData("type")]
    [InlineData("retry")]
    public void A_field_that_holds_one_value_is_refused_twice(string field) =>
        AssertRefused($"topic=a&{field}=1&{field}=2", StatusCodes.Status400BadRequest, $"more than one '{field}' field");

    [Fact]
    public void A_form_with_too_many_fields_is_refused()
    {
        var fields = MercureLimits.MaxTopics + MercureLimits.MaxOtherFields;
        Assert.NotNull(Parse("topic=a&" + string.Join('&', Enumerable.Range(1, fields - 1).Select(i => $"x{i}=1"))));
        AssertRefused("topic=a&" + string.Join('&', Enumerable.Range(1, fields).Select(i => $"x{i}=1")), StatusCodes.Status400BadRequest, "more than");
    }

    [Fact]
    public void The_body_limit_holds_every_field_at_its_limit_fully_escaped()
    {
        var worst = new StringBuilder();
        for (var i = 0; i < MercureLimits.MaxTopics; i++)
        {
            worst.Append("topic=").Append(string.Concat(Enumerable.Repeat("%41", MercureLimits.MaxTopicBytes))).Append('&');
        }

        worst.Append("data=").Append(string.Concat(Enumerable.Repeat("%41", MaxData)))
            .Append("&id=").Append(string.Concat(Enumerable.Repeat("%41", MercureLimits.MaxIdBytes)))
            .Append("&type=").Append(string.Concat(Enumerable.Repeat("%41", MercureLimits.MaxTypeBytes)))
            .Append("&retry=18446744073709551615&private=on");
        Assert.True(worst.Length <= MercureLimits.MaxFormBytes(MaxData));
        Assert.Equal(MercureLimits.MaxTopics, Parse(worst.ToString()).Topics.Count);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8", true)]
    [InlineData("Application/X-WWW-Form-Urlencoded", true)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData("text/plain", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_a_urlencoded_body_is_a_publish_form(string? contentType, bool isForm) =>
        Assert.Equal(isForm, PublishForm.IsForm(contentType));

    private static MercureUpdate Parse(string form)
    {
        Assert.True(PublishForm.TryParse(form, MaxData, out var update, out var refusal), refusal?.Reason);
        return update;
    }

    private static void AssertRefused(string form, int status, string reason)
    {
        Assert.False(PublishForm.TryParse(form, MaxData, out var update, out var refusal));
        Assert.Null(update);
        Assert.Equal(status, refusal.StatusCode);
        Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal.Reason);
    }
}
