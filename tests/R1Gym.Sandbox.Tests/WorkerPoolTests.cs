using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Sandbox.Supervisor;
using R1Gym.Sandbox.Supervisor.Isolation;

namespace R1Gym.Sandbox.Tests;

/// <summary>
/// The pool's waits are all bounded: a replacement that never starts, or one that fails, never leaves a renter waiting
/// forever. Each test is bounded by a cancellation token, so a regression fails (cancelled) instead of hanging the run.
/// The pool abandons a launch after a short bound here, so the real workers it is handed are started beforehand, with
/// the default start timeout: how long a real start takes on a busy machine never decides a test.
/// </summary>
// In the sandbox collection: tests there count worker processes, so no other test may start workers meanwhile.
[Collection(SandboxCollection.Name)]
public sealed class WorkerPoolTests
{
    private static readonly SandboxOptions Options = new() { PoolSize = 1, SpareWorkers = 0, WorkerStartTimeoutMs = 1000 };

    private static readonly SandboxOptions WorkerOptions = new() { PoolSize = 1, SpareWorkers = 0 };

    [Fact]
    public async Task A_renter_is_not_left_waiting_when_the_replacement_never_starts()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var workers = await PrestartedWorkers.StartAsync(2, limit.Token);
        await using var pool = PoolWhoseLaunch(2, never: true, workers);
        await pool.WarmUpAsync(limit.Token);
        pool.Return(await pool.RentAsync(limit.Token), recycle: true);

        var waiting = () => pool.RentAsync(limit.Token);

        await waiting.Should().ThrowAsync<InvalidOperationException>().WithMessage("*did not start within*",
            "the launch hangs, so the renter must get an error (the answer's sandbox_error), not wait for it forever");
        limit.IsCancellationRequested.Should().BeFalse();
        var next = await pool.RentAsync(limit.Token);
        (await next.ProbeAsync(limit.Token)).Should().NotBeNull("the next renter starts a fresh worker that answers");
        pool.Return(next, recycle: false);
    }

    [Fact]
    public async Task A_failed_replacement_is_started_again_and_the_pool_recovers()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var workers = await PrestartedWorkers.StartAsync(2, limit.Token);
        await using var pool = PoolWhoseLaunch(2, never: false, workers);
        await pool.WarmUpAsync(limit.Token);
        pool.Return(await pool.RentAsync(limit.Token), recycle: true);

        // A renter that arrives while the failing launch is in flight sees its error; one that arrives after it starts a new worker.
        WorkerProcess? next = null;
        int errors = 0;
        while (next is null && errors < 2)
        {
            try
            {
                next = await pool.RentAsync(limit.Token);
            }
            catch (InvalidOperationException e)
            {
                e.Message.Should().Contain("launch 2 refused");
                errors++;
            }
        }

        errors.Should().BeLessThan(2);
        (await next!.ProbeAsync(limit.Token)).Should().NotBeNull();
        pool.Return(next, recycle: false);
        pool.WorkersStarted.Should().Be(3);
    }

    [Fact]
    public async Task A_renter_waiting_on_a_start_that_hangs_observes_its_cancellation()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var workers = await PrestartedWorkers.StartAsync(0, limit.Token);
        await using var pool = PoolWhoseLaunch(1, never: true, workers);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);

        var renting = pool.RentAsync(cancel.Token);
        cancel.CancelAfter(300);

        await renting.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        limit.IsCancellationRequested.Should().BeFalse();
    }

    /// <summary>A pool of one lease and no spare whose launch number <paramref name="bad"/> hangs forever (ignoring cancellation) or fails; every other launch hands over one of <paramref name="workers"/>.</summary>
    private static WorkerPool PoolWhoseLaunch(int bad, bool never, PrestartedWorkers workers)
    {
        int launches = 0;
        return new WorkerPool(Options, NullLogger.Instance, (name, ct) =>
        {
            int n = Interlocked.Increment(ref launches);
            if (n != bad)
                return Task.FromResult(workers.Next());
            return never ? new TaskCompletionSource<WorkerProcess>().Task : Task.FromException<WorkerProcess>(new InvalidOperationException($"launch {n} refused"));
        }, launchLimitMs: 1500);
    }

    /// <summary>Real workers started before the pool exists; any the pool never took are stopped with this.</summary>
    private sealed class PrestartedWorkers : IAsyncDisposable
    {
        private readonly Queue<WorkerProcess> _ready;
        private readonly List<WorkerProcess> _all;

        private PrestartedWorkers(List<WorkerProcess> workers)
        {
            _all = workers;
            _ready = new Queue<WorkerProcess>(workers);
        }

        public static async Task<PrestartedWorkers> StartAsync(int count, CancellationToken ct)
        {
            var plan = LaunchPlan.For(WorkerOptions, IsolationProbe.Run(WorkerOptions));
            var workers = new List<WorkerProcess>();
            for (int i = 0; i < count; i++)
                workers.Add(await WorkerProcess.StartAsync(plan, WorkerOptions, $"pool-test-{Environment.ProcessId}-{Guid.NewGuid():N}", ct));
            return new PrestartedWorkers(workers);
        }

        public WorkerProcess Next()
        {
            lock (_ready)
                return _ready.Count > 0 ? _ready.Dequeue() : throw new InvalidOperationException("the test handed out more workers than it started");
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var worker in _all)
                await worker.DisposeAsync();
        }
    }
}
