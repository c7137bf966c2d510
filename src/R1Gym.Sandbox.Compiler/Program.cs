using R1Gym.Sandbox;
using R1Gym.Sandbox.Compiler;
using R1Gym.Sandbox.Protocol;

// The sandbox's compile step as a process. It warms Roslyn up, says "ready", then compiles every request it reads
// (several at once, on the compile threads) and writes each reply, tagged with the request's id, when it is done.
// It reads answers' source and never runs any of it. The end of its input ends it.
var input = Console.OpenStandardInput();
var output = Console.OpenStandardOutput();
Console.SetOut(TextWriter.Null);
await AnswerCompiler.WarmUpAsync(CancellationToken.None);
FrameIO.Write(output, new CompileReplyFrame(FrameTypes.Ready), ProtocolJson.Default.CompileReplyFrame);

// Each compile runs on a compile thread, which writes its reply itself (FrameIO.Write is synchronous and locked):
// no hop through the thread pool, whose idle spinning cost CPU on every request.
using var drained = new CountdownEvent(1);
while (FrameIO.Read(input, 64 << 20, ProtocolJson.Default.CompileRequestFrame) is { } frame)
{
    long id = frame.Id;
    drained.AddCount();
    AnswerCompiler.Post(frame.Request, frame.Limits, CancellationToken.None,
        outcome => Reply(id, outcome),
        // A Roslyn failure on this source (a bug in the compiler, not in the answer's logic): reported, not fatal.
        e => Reply(id, CompileOutcome.Error(Verdicts.CompileError, $"the compiler failed on this answer: {e.GetType().Name}: {e.Message}")),
        () => drained.Signal());
}
drained.Signal();
drained.Wait();
return 0;

void Reply(long id, CompileOutcome outcome)
{
    try
    {
        FrameIO.Write(output, new CompileReplyFrame(FrameTypes.Outcome, id, outcome), ProtocolJson.Default.CompileReplyFrame);
    }
    catch (IOException)
    {
        // The supervisor is gone: nobody is left to answer.
        Environment.Exit(1);
    }
    drained.Signal();
}
