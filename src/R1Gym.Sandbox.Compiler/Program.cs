using R1Gym.Sandbox;
using R1Gym.Sandbox.Compilation;
using R1Gym.Sandbox.Protocol;

// The sandbox's compile step as a process. It warms Roslyn up, says "ready", then compiles every request it reads
// (several at once, on the compile threads) and writes each reply, tagged with the request's id, when it is done.
// It reads answers' source and never runs any of it. The end of its input ends it.
var input = Console.OpenStandardInput();
var output = Console.OpenStandardOutput();
Console.SetOut(TextWriter.Null);
await AnswerCompiler.WarmUpAsync(CancellationToken.None);
FrameIO.Write(output, new System.Text.Json.Nodes.JsonObject { ["type"] = "ready" });

var running = new List<Task>();
while (FrameIO.Read(input, 64 << 20) is { } frame)
{
    var (id, request, limits) = CompileProtocol.ReadRequest(frame);
    running.RemoveAll(t => t.IsCompleted);
    running.Add(Task.Run(async () =>
    {
        CompileOutcome outcome;
        try
        {
            outcome = await AnswerCompiler.CompileAsync(request, limits, CancellationToken.None);
        }
        catch (Exception e)
        {
            // A Roslyn failure on this source (a bug in the compiler, not in the answer's logic): reported, not fatal.
            outcome = CompileOutcome.Error(Verdicts.CompileError, $"the compiler failed on this answer: {e.GetType().Name}: {e.Message}");
        }
        FrameIO.Write(output, CompileProtocol.Response(id, outcome));
    }));
}
await Task.WhenAll(running);
return 0;
