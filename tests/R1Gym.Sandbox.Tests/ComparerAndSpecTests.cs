using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Sandbox.Judging;

namespace R1Gym.Sandbox.Tests;

public sealed class ComparerAndSpecTests
{
    [Theory]
    [InlineData("[1,2,3]", "[1,2,3]", true)]
    [InlineData("[1,2,3]", "[1,3,2]", false)]
    [InlineData("{\"a\":1,\"b\":[true]}", "{\"b\":[true],\"a\":1}", true)]
    [InlineData("{\"a\":1}", "{\"a\":1,\"b\":2}", false)]
    [InlineData("1.0000001", "1", true)]
    [InlineData("1.01", "1", false)]
    [InlineData("1e20", "100000000000000000001", true)]
    [InlineData("9007199254740993", "9007199254740992", false)]
    [InlineData("\"1\"", "1", false)]
    [InlineData("null", "null", true)]
    [InlineData("true", "1", false)]
    public void Json_values_compare_structurally_with_tolerance_for_non_integers(string expected, string actual, bool equal)
    {
        var result = OutputComparer.JsonEquals(JsonNode.Parse(expected), JsonNode.Parse(actual), 1e-6);

        result.Should().Be(equal);
    }

    [Theory]
    [InlineData("3\n", "3", true)]
    [InlineData("1 2\n3\n", "1 2  \r\n3\r\n\r\n", true)]
    [InlineData("1\n2", "1\n\n2", false)]
    [InlineData("  3", "3", false)]
    public void Console_output_compares_after_trailing_whitespace_is_normalised(string expected, string actual, bool equal)
    {
        var result = OutputComparer.StdoutEquals(expected, actual);

        result.Should().Be(equal);
    }

    [Fact]
    public void A_specification_keeps_the_issue_field_names()
    {
        var json = JsonNode.Parse("{\"entryPoint\":\"Solution.Solve\",\"tests\":[{\"args\":[1,2],\"expected\":3}],\"timeLimitMs\":500,\"memoryLimitMb\":64,\"floatTolerance\":0.01}")!.AsObject();

        var spec = TestSpec.Parse(json, new SandboxOptions());

        spec.Should().BeEquivalentTo(new { Mode = TestMode.Function, EntryType = "Solution", EntryMethod = "Solve", TimeLimitMs = 500, MemoryLimitMb = 64, FloatTolerance = 0.01 });
        spec.Tests.Single().Expected!.GetValue<int>().Should().Be(3);
    }

    [Theory]
    [InlineData("{\"tests\":[{\"args\":[],\"expected\":1}]}", "entryPoint")]
    [InlineData("{\"mode\":\"stdio\",\"tests\":[{\"stdin\":\"1\"}]}", "stdout")]
    [InlineData("{\"mode\":\"shell\",\"tests\":[{}]}", "mode")]
    [InlineData("{\"entryPoint\":\"S.F\",\"tests\":[{\"args\":1,\"expected\":1}]}", "args")]
    [InlineData("{\"entryPoint\":\"S.F\",\"timeLimitMs\":99999999,\"tests\":[{\"args\":[],\"expected\":1}]}", "timeLimitMs")]
    public void A_bad_specification_is_rejected_with_what_to_fix(string json, string field)
    {
        var act = () => TestSpec.Parse(JsonNode.Parse(json)!.AsObject(), new SandboxOptions());

        act.Should().Throw<R1GymException>().WithMessage($"*{field}*");
    }
}
