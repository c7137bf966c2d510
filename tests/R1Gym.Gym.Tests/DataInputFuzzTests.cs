using System.Text;
using R1Gym.Abstractions;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

/// <summary>
/// Seeded random mutations of a data task's JSONL rows and manifest: each loads or fails with an R1GymException that
/// names the file (and line), never another exception, never a hang.
/// </summary>
public sealed class DataInputFuzzTests
{
    private const int Cases = 200;

    private static readonly string[] Replacements =
    [
        "[1, 2]", "\"just a string\"", "42", "null", "true", "{}", "{\"question\": 5, \"answer\": [1]}", "{\"question\": null}",
        "{\"question\": {\"a\": 1}, \"answer\": \"x\"}", "{", "[{]", "{\"question\": \"q\", \"answer\": \"\"}", "\u0000", "{\"answer\": 1e400}",
    ];

    private static readonly DataTaskSpec Spec = new() { Id = "demo/fuzz-v1", File = "rows.jsonl", PromptField = "question", AnswerField = "answer" };

    [Fact]
    public void A_row_that_is_json_but_not_an_object_names_the_file_the_line_and_what_was_found()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("rows.jsonl", "{\"question\": \"1+1\", \"answer\": \"2\"}\n[1, 2]\n");

        var act = () => new DataRows(file, Spec).Items;

        act.Should().Throw<R1GymException>().WithMessage($"{file}:2: expected a JSON object*found an array*");
    }

    [Fact]
    public void Mutated_jsonl_rows_load_or_fail_with_a_domain_error()
    {
        using var dir = new TempDirectory();
        var random = new Random(14);
        var rows = Enumerable.Range(0, 5).Select(i => $"{{\"question\": \"What is {i} + {i}?\", \"answer\": \"{2 * i}\"}}").ToList();

        for (int i = 0; i < Cases; i++)
        {
            var lines = rows.ToList();
            int at = random.Next(lines.Count);
            lines[at] = random.Next(2) == 0 ? Replacements[random.Next(Replacements.Length)] : Flip(lines[at], random);
            var file = dir.Write($"rows{i}.jsonl", string.Join('\n', lines));

            LoadsOrFailsCleanly(() => _ = new DataRows(file, Spec).Items, file, $"jsonl case {i}");
        }
    }

    [Fact]
    public void Mutated_manifests_load_or_fail_with_a_domain_error()
    {
        using var dir = new TempDirectory();
        var random = new Random(15);
        const string valid = """{ "tasks": [ { "id": "demo/fuzz-v1", "file": "rows.jsonl", "promptField": "question", "answerField": "answer" } ] }""";

        for (int i = 0; i < Cases; i++)
        {
            var text = random.Next(2) == 0
                ? valid.Replace("\"rows.jsonl\"", Replacements[random.Next(Replacements.Length)], StringComparison.Ordinal)
                    .Replace("[ {", random.Next(3) == 0 ? "[ null, {" : "[ {", StringComparison.Ordinal)
                : Flip(valid, random);
            var file = dir.Write($"task{i}.json", text);

            LoadsOrFailsCleanly(() => DataManifest.Read(file), file, $"manifest case {i}");
        }
    }

    private static string Flip(string text, Random random)
    {
        var builder = new StringBuilder(text);
        for (int e = random.Next(1, 4); e > 0 && builder.Length > 0; e--)
        {
            int at = random.Next(builder.Length);
            if (random.Next(2) == 0) builder.Remove(at, 1);
            else builder.Insert(at, "{}[]\":,0e-"[random.Next(10)]);
        }
        return builder.ToString();
    }

    private static void LoadsOrFailsCleanly(Action load, string file, string what)
    {
        var run = Task.Run(() =>
        {
            try
            {
                load();
                return (Exception?)null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        run.Wait(TimeSpan.FromSeconds(60)).Should().BeTrue($"{what} must not hang");
        if (run.Result is { } error)
        {
            error.Should().BeAssignableTo<R1GymException>($"{what} must fail with a domain error");
            error.Message.Should().Contain(file, $"{what} names the file");
        }
    }
}
