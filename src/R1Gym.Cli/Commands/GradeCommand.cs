using System.Collections.Concurrent;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym grade &lt;in.jsonl&gt; --out &lt;out.jsonl&gt;</c>: grades completions R1Gym did not generate. Each line is
/// <c>{id, completion, answer}</c> (judged by <c>--checker</c>, as a data task with that checker would) or
/// <c>{id, completion, task?, index, seed?}</c> (judged by the task's own verifier), and the reward is composed as the
/// trainer composes it, so a grade equals the reward training would give. Results stream to <c>--out</c> in input order.
/// </summary>
internal static class GradeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("in.jsonl") { Description = "JSONL of {id, completion, answer} or {id, completion, task, index[, seed]} lines." };
        var output = new Option<string>("--out", "-o") { Description = "Where to write one {id, correct, reward, extracted, reason} line per input line.", Required = true, HelpName = "out.jsonl" };
        var checker = new Option<string?>("--checker") { Description = "Answer checker for lines with an 'answer' (default: math; see 'r1gym tasks list').", HelpName = "math|number|exact|..." };
        var task = new Option<string?>("--task") { Description = "Task id for lines with an 'index' and no 'task'.", HelpName = "id" };
        var seed = TaskArguments.Seed();
        seed.Description = "Seed of the problem stream for lines without a 'seed'.";
        var parallel = new Option<int>("--parallel") { Description = "Lines verified at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("grade", "Grade completions from a JSONL file with the trainer's verifier and reward; write one result per line and print a summary.")
        {
            input, output, checker, task, seed, parallel,
        };
        command.SetAction(async (parse, ct) =>
        {
            var inPath = Path.GetFullPath(parse.GetValue(input)!);
            if (!File.Exists(inPath))
                throw new R1GymException($"Input file '{inPath}' does not exist; pass a JSONL file of completions to grade.");
            int workers = parse.GetValue(parallel);
            if (workers < 1)
                throw new R1GymException($"--parallel must be 1 or more, found {workers}.");
            // Refuse an unusable --out before loading plugins or reading a line.
            await using var writer = OpenOutput(parse.GetValue(output)!, inPath);
            using var host = CliHost.Build(parse);
            var grader = new Grader(host.Services.GetRequiredService<ITaskRegistry>(), host.Services.GetRequiredService<RewardComposer>(),
                parse.GetValue(checker), parse.GetValue(task), parse.GetValue(seed));
            grader.Validate();
            var summary = new GradeSummary();
            var pending = new Queue<Task<JsonObject>>();
            using var slots = new SemaphoreSlim(workers);
            int line = 0;
            foreach (var text in File.ReadLines(inPath))
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                    continue;
                await slots.WaitAsync(ct);
                int number = line;
                pending.Enqueue(Task.Run(async () =>
                {
                    try
                    {
                        return await grader.GradeAsync(number, text, ct);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, ct));
                // Write finished lines in input order as soon as they, and every line before them, are done.
                while (pending.Count > 0 && (pending.Peek().IsCompleted || pending.Count > workers * 4))
                    await WriteAsync(writer, await pending.Dequeue(), summary, ct);
            }
            while (pending.Count > 0)
                await WriteAsync(writer, await pending.Dequeue(), summary, ct);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(summary.ToJson(inPath, writer.Name));
            else
                summary.Print(inPath, writer.Name);
            return 0;
        });
        return command;
    }

    private static FileStreamWriter OpenOutput(string path, string inPath)
    {
        var full = Path.GetFullPath(path);
        if (string.Equals(full, inPath, StringComparison.Ordinal))
            throw new R1GymException($"--out '{full}' is the input file; write the grades to another file.");
        if (Directory.Exists(full))
            throw new R1GymException($"--out '{full}' is a directory; pass a file path such as '{Path.Combine(full, "grades.jsonl")}'.");
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
            throw new R1GymException($"--out '{full}': the folder '{folder}' does not exist; create it or choose another path.");
        try
        {
            return new FileStreamWriter(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new R1GymException($"--out '{full}' cannot be written ({e.Message}); choose a writable path.");
        }
    }

    private static async Task WriteAsync(FileStreamWriter writer, JsonObject result, GradeSummary summary, CancellationToken ct)
    {
        summary.Add(result);
        await writer.WriteLineAsync(result.ToJsonString(LineOptions), ct);
    }

    private static readonly JsonSerializerOptions LineOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A UTF-8 output file flushed after every line, so results can be followed while grading runs.</summary>
    private sealed class FileStreamWriter(string path) : IAsyncDisposable
    {
        private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));

        public string Name { get; } = path;

        public async Task WriteLineAsync(string line, CancellationToken ct)
        {
            await _writer.WriteLineAsync(line.AsMemory(), ct);
            await _writer.FlushAsync(ct);
        }

        public ValueTask DisposeAsync() => _writer.DisposeAsync();
    }

    /// <summary>Grades one line; never throws on a bad line (the result carries the error), only on cancellation.</summary>
    private sealed class Grader(ITaskRegistry registry, RewardComposer rewards, string? checkerName, string? defaultTask, long defaultSeed)
    {
        private readonly ConcurrentDictionary<string, Lazy<IReasoningTask>> _tasks = new(StringComparer.Ordinal);
        private readonly Lazy<IAnswerChecker> _checker = new(() => registry.FindChecker(checkerName ?? "math") ?? throw new R1GymException(
            $"No answer checker named '{checkerName ?? "math"}'; known: {string.Join(", ", registry.Checkers)}. Pass --checker, or load the plugin that registers it (--plugins)."));

        /// <summary>Resolves --checker and --task up front, so that a misspelt name stops the run (exit 2) before any line.</summary>
        public void Validate()
        {
            if (checkerName is not null)
                _ = _checker.Value;
            if (defaultTask is not null)
                _ = TaskFor(defaultTask);
        }

        public async Task<JsonObject> GradeAsync(int line, string text, CancellationToken ct)
        {
            JsonNode? id = null;
            try
            {
                var item = ParseLine(text);
                id = item["id"]?.DeepClone();
                var completion = Field(item, "completion", JsonValueKind.String)?.GetValue<string>()
                    ?? throw new R1GymException("field 'completion' is missing; expected the model's output as a string");
                var (verifier, problem) = Resolve(item);
                var verdict = await verifier.VerifyAsync(new VerifyArgs(problem, completion), ct);
                int? tokens = Field(item, "tokens", JsonValueKind.Number) is { } t ? t.GetValue<int>() : null;
                var reward = rewards.Compose(new RewardInput(completion, verdict) { CompletionTokens = tokens });
                return Result(line, id, verdict.IsCorrect, verdict.Score, reward.Total, Answers.Extract(completion), verdict.Reason, error: false);
            }
            catch (Exception e) when (e is R1GymException or JsonException or FormatException or InvalidOperationException)
            {
                return Result(line, id, false, 0, 0, null, $"error: {e.Message.TrimEnd('.')}", error: true);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A verifier bug must not lose the rest of a long run; the line says what failed.
                return Result(line, id, false, 0, 0, null, $"error: the verifier failed: {e.GetType().Name}: {e.Message.TrimEnd('.')}", error: true);
            }
        }

        private static JsonObject ParseLine(string text)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw new R1GymException($"not JSON ({e.Message})");
            }
            return node as JsonObject ?? throw new R1GymException($"expected a JSON object, found {node?.GetValueKind().ToString().ToLowerInvariant() ?? "null"}");
        }

        private static JsonNode? Field(JsonObject item, string name, params JsonValueKind[] kinds)
        {
            if (!item.TryGetPropertyValue(name, out var value) || value is null)
                return null;
            var kind = value.GetValueKind();
            return kinds.Contains(kind) ? value : throw new R1GymException(
                $"field '{name}' is {kind.ToString().ToLowerInvariant()}; expected {string.Join(" or ", kinds.Select(k => k.ToString().ToLowerInvariant()))}");
        }

        private (IReasoningTask Verifier, Problem Problem) Resolve(JsonObject item)
        {
            var answer = Field(item, "answer", JsonValueKind.String, JsonValueKind.Number);
            var taskId = Field(item, "task", JsonValueKind.String)?.GetValue<string>();
            var index = Field(item, "index", JsonValueKind.Number);
            if (answer is not null && (taskId is not null || index is not null))
                throw new R1GymException("the line has both 'answer' and 'task'/'index'; give one: an answer to check, or the task problem to verify against");
            if (answer is not null)
            {
                var text = answer.GetValueKind() == JsonValueKind.String ? answer.GetValue<string>() : answer.ToJsonString();
                return (new CheckerTask(_checker.Value), new Problem("", text));
            }
            if (index is null)
                throw new R1GymException("the line has neither 'answer' nor 'index'; expected {id, completion, answer} or {id, completion, task, index}");
            var id = taskId ?? defaultTask ?? throw new R1GymException("the line has an 'index' but no 'task', and no --task was given");
            if (!index.AsValue().TryGetValue<int>(out var i) || i < 0)
                throw new R1GymException($"field 'index' is {index.ToJsonString()}; expected an integer 0 or more");
            long seed = Field(item, "seed", JsonValueKind.Number) is { } s
                ? s.AsValue().TryGetValue<long>(out var n) ? n : throw new R1GymException($"field 'seed' is {s.ToJsonString()}; expected an integer")
                : defaultSeed;
            var task = TaskFor(id);
            return (task, task.Generate(seed, i));
        }

        public IReasoningTask TaskFor(string id) =>
            _tasks.GetOrAdd(id, key => new Lazy<IReasoningTask>(() => registry.Create(key).Task ?? throw new R1GymException(
                $"task '{key}' is a multi-turn environment; grade judges single-turn tasks"))).Value;

        private static JsonObject Result(int line, JsonNode? id, bool correct, double score, double reward, string? extracted, string reason, bool error)
        {
            var result = new JsonObject
            {
                ["id"] = id,
                ["line"] = line,
                ["correct"] = correct,
                ["score"] = score,
                ["reward"] = reward,
                ["extracted"] = extracted,
                ["reason"] = reason,
            };
            if (error)
                result["error"] = true;
            return result;
        }
    }

    /// <summary>Judges a line's own answer the way a data task with this checker does (<see cref="CheckerVerifier"/>).</summary>
    private sealed class CheckerTask(IAnswerChecker checker) : IReasoningTask
    {
        public Problem Generate(long seed, int index) => throw new NotSupportedException("grade lines carry their own answers");

        public ValueTask<Verdict> VerifyAsync(VerifyArgs args, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(CheckerVerifier.Verify(checker, args));

        public string? Solve(Problem problem) => null;
    }
}
