using Matching.Data;

namespace Matching.Api.Infrastructure;

/// <summary>How the API waits for and copes with its database (section <c>Database</c>).</summary>
public sealed class DatabaseResilience
{
    /// <summary>The longest wait between two start-up attempts to reach and migrate the database; the wait doubles up to it.</summary>
    public double StartupMaxBackoffSeconds { get; set; } = 30;
    /// <summary>The first wait between start-up attempts.</summary>
    public double StartupFirstBackoffSeconds { get; set; } = 0.5;
    /// <summary>What a 503 tells the client to wait (<c>Retry-After</c>).</summary>
    public int RetryAfterSeconds { get; set; } = 5;
    /// <summary>Extra attempts of a read (GET, <c>/match</c>, extraction) after a transient database fault.</summary>
    public int ReadRetries { get; set; } = 2;
    /// <summary>PostgreSQL: how long opening a connection may take, unless the connection string sets <c>Timeout</c>.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 5;

    public void Validate()
    {
        if (StartupFirstBackoffSeconds is <= 0 or > 3600 || StartupMaxBackoffSeconds < StartupFirstBackoffSeconds || StartupMaxBackoffSeconds > 3600)
            throw new ArgumentException("Database:StartupFirstBackoffSeconds must be above 0 and at most Database:StartupMaxBackoffSeconds (at most 3600).");
        if (RetryAfterSeconds is < 1 or > 3600) throw new ArgumentException($"Database:RetryAfterSeconds must be 1 to 3600, not {RetryAfterSeconds}.");
        if (ReadRetries is < 0 or > 5) throw new ArgumentException($"Database:ReadRetries must be 0 to 5, not {ReadRetries}.");
        if (ConnectTimeoutSeconds is < 1 or > 300) throw new ArgumentException($"Database:ConnectTimeoutSeconds must be 1 to 300, not {ConnectTimeoutSeconds}.");
    }
}

/// <summary>
/// Reaches and migrates the database in the background, so that the process is up (<c>/health/live</c>) at once and
/// waits for a database that is not there yet instead of exiting: one log line per attempt, the wait doubling up to
/// <see cref="DatabaseResilience.StartupMaxBackoffSeconds"/>, forever. The match index loads once this is done.
/// </summary>
public sealed class DatabaseStartup(MatchingDatabase database, DatabaseResilience settings, ILogger<DatabaseStartup> log) : BackgroundService
{
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _attempts;

    public bool IsMigrated => _migrated.Task.IsCompletedSuccessfully;

    /// <summary>Completes once every migration is applied.</summary>
    public Task Migrated => _migrated.Task;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The fault of the last failed attempt (a fixed name, no driver text), or null.</summary>
    public string? LastFault { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(settings.StartupFirstBackoffSeconds);
        var max = TimeSpan.FromSeconds(settings.StartupMaxBackoffSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            try
            {
                await database.MigrateAsync(stoppingToken);
                LastFault = null;
                if (attempt > 1) log.LogInformation("Database reached and migrated after {Attempts} attempts", attempt);
                _migrated.TrySetResult();
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A fault of the network or the server says what it was; anything else (a failing script, a refused
                // login) keeps its message, which is the operator's to read. Never a stack trace per attempt.
                LastFault = DatabaseFaults.Classify(e) ?? "not-usable";
                var reason = DatabaseFaults.IsUnavailable(e) ? LastFault : e.Message.ReplaceLineEndings(" ");
                log.LogWarning("Database not ready (attempt {Attempt}: {Reason}); retrying in {Delay:0.#} s", attempt, reason, delay.TotalSeconds);
            }
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, max.Ticks));
        }
    }
}
