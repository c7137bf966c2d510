using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace R1Gym.Service.Tests;

/// <summary>The Python client (clients/python) in a real python3 process against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class PythonClientTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_python_client_calls_every_api_family_and_reports_errors_with_status_and_code()
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "python", "client_check.py") },
            Environment =
            {
                ["R1GYM_URL"] = fixture.Server.Url,
                ["R1GYM_API_KEY"] = TestServer.Key,
                ["R1GYM_CLIENT_DIR"] = Path.Combine(RepositoryRoot(), "clients", "python"),
            },
        };
        using var python = Process.Start(start)!;
        var stdout = python.StandardOutput.ReadToEndAsync();
        var stderr = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));

        python.ExitCode.Should().Be(0, await stderr);
        var seen = JsonNode.Parse(await stdout)!;
        ((string?)seen["health"]).Should().Be("ok");
        seen["task_ids"]!.AsArray().Select(t => (string?)t).Should().Contain("test/add-v1");
        ((string?)seen["task_kind"]).Should().Be("multi-turn");
        seen["answers"]!.ToJsonString().Should().Be("[\"2\",\"5\",\"8\"]");
        seen["verify"]!.ToJsonString().Should().Be("[[\"a\",true,null],[\"b\",false,null],[\"c\",null,\"unknown_task\"]]");
        seen["trl_scores"]!.AsArray().Select(v => (double)v!).Should().Equal(1, 1, 0);
        ((bool)seen["trl_rewards_positive"]!).Should().BeTrue();
        ((double)seen["verl_score"]!).Should().BeGreaterThan(0);
        seen["run_code"]!.ToJsonString().Should().Be("[\"Success\",\"py:hello\"]");
        seen["episode_steps"]!.ToJsonString().Should().Be("[false,false,true]");
        seen["get_reward_scores"]!.AsArray().Select(v => (double)v!).Should().Equal(1);
        seen["wrong_key"]!.ToJsonString().Should().Be("[401,\"unauthorized\"]");
        seen["bad_request"]!.ToJsonString().Should().Be("[400,\"bad_request\",true]");
        ((bool)seen["stdlib_only"]!).Should().BeTrue();
    }

    private static string RepositoryRoot([CallerFilePath] string path = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "R1Gym.sln")))
                return dir.FullName;
        throw new InvalidOperationException("R1Gym.sln not found above the test sources.");
    }
}
