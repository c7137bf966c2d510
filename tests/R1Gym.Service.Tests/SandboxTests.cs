using System.Text.Json.Nodes;

namespace R1Gym.Service.Tests;

/// <summary>The native sandbox endpoint and the SandboxFusion drop-in, with the exact body verl's sandbox_fusion client sends.</summary>
[Collection(ServerCollection.Name)]
public sealed class SandboxTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private static JsonObject Adder(string code) => new()
    {
        ["code"] = code,
        ["tests"] = new JsonObject
        {
            ["entryPoint"] = "Solution.Solve",
            ["tests"] = new JsonArray(new JsonObject { ["args"] = new JsonArray(2, 3), ["expected"] = 5 }, new JsonObject { ["args"] = new JsonArray(-1, 1), ["expected"] = 0 }),
        },
    };

    /// <summary>verl's call_sandbox_api payload, field for field.</summary>
    private static JsonObject Verl(string code, string stdin, string language = "csharp") => new()
    {
        ["compile_timeout"] = 10,
        ["run_timeout"] = 10,
        ["code"] = code,
        ["stdin"] = stdin,
        ["memory_limit_MB"] = 1024,
        ["language"] = language,
        ["files"] = new JsonObject(),
        ["fetch_files"] = new JsonArray(),
    };

    [Fact]
    public async Task Concurrent_answers_get_their_own_verdicts()
    {
        var answers = Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? $"public class Solution {{ public int Solve(int a, int b) => a + b; /* {i} */ }}"
            : $"public class Solution {{ public int Solve(int a, int b) => a - b; /* {i} */ }}").ToList();

        var results = await Task.WhenAll(answers.Select(a => Server.CallAsync("/v1/sandbox/run", Adder(a))));

        results.Select(r => r.Status).Should().AllBeEquivalentTo(200);
        results.Select(r => (string?)r.Body!["verdict"]).Should().Equal(Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? "accepted" : "wrong_answer"));
    }

    [Fact]
    public async Task A_malformed_test_specification_gets_400_with_the_reason()
    {
        var body = Adder("public class Solution { public int Solve(int a, int b) => a + b; }");
        body["tests"]!["entryPoint"] = "Solve";

        var (status, response) = await Server.CallAsync("/v1/sandbox/run", body);

        status.Should().Be(400);
        ((string?)response!["error"]!["message"]).Should().Contain("entryPoint");
    }

    [Fact]
    public async Task Run_code_answers_verls_request_with_sandbox_fusions_fields()
    {
        var (okStatus, ok) = await Server.CallAsync("/run_code", Verl("var line = System.Console.ReadLine();\nSystem.Console.WriteLine(int.Parse(line!) * 2);", "21\n"));
        var (_, broken) = await Server.CallAsync("/run_code", Verl("System.Console.WriteLine(missing);", ""));
        var (_, crash) = await Server.CallAsync("/run_code", Verl("System.Console.WriteLine(1 / int.Parse(\"0\"));", ""));

        okStatus.Should().Be(200);
        ((string?)ok!["status"]).Should().Be("Success");
        ((string?)ok["run_result"]!["status"]).Should().Be("Finished");
        ((int)ok["run_result"]!["return_code"]!).Should().Be(0);
        ((string?)ok["run_result"]!["stdout"])!.TrimEnd('\n').Should().Be("42", "verl compares stdout.rstrip('\\n') with the expected output");
        ((string?)broken!["status"]).Should().Be("Failed");
        ((int)broken["compile_result"]!["return_code"]!).Should().NotBe(0);
        broken["run_result"].Should().BeNull();
        ((string?)crash!["status"]).Should().Be("Failed");
        ((int)crash["run_result"]!["return_code"]!).Should().NotBe(0);
        ((string?)crash["run_result"]!["stderr"]).Should().Contain("DivideByZero");
    }

    [Fact]
    public async Task Run_code_in_another_language_is_a_sandbox_error_that_says_so_and_ping_answers_pong()
    {
        var (status, body) = await Server.CallAsync("/run_code", Verl("print(1)", "", "python"));
        string pong = await Server.Http.GetStringAsync("/v1/ping");

        status.Should().Be(200);
        ((string?)body!["status"]).Should().Be("SandboxError");
        ((string?)body["message"]).Should().Contain("python").And.Contain("csharp");
        pong.Should().Be("\"pong\"");
    }
}
