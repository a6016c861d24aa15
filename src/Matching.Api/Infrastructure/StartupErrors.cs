namespace Matching.Api.Infrastructure;

/// <summary>
/// What the API's exit code means when it stops at start-up (documented in the README). A database that is not
/// reachable is none of these: the API waits for it. Docker's and systemd's restart policies cannot tell codes apart,
/// so these exist for people and scripts; compose bounds the restarts (<c>restart: on-failure:N</c>).
/// </summary>
public static class ExitCodes
{
    /// <summary>An error nobody planned for (logged on one line).</summary>
    public const int Unexpected = 1;
    /// <summary>A setting has a value the API cannot use: provider name, connection string, limits, cache size.</summary>
    public const int BadSetting = 2;
    /// <summary>Production without an admin key (<c>MATCHING_API_KEY</c> or <c>Auth:Keys</c>).</summary>
    public const int NoApiKey = 3;
    /// <summary>The taxonomy file or a lexicon folder is missing or has an invalid entry.</summary>
    public const int BadDataFile = 4;
}

/// <summary>A start-up error that is the operator's to fix: one line on stderr and <see cref="ExitCode"/>, no stack trace.</summary>
public sealed class StartupException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Runs a start-up step, turning whatever it throws (bad input, a missing file) into one <see cref="StartupException"/>.</summary>
    public static T Step<T>(int exitCode, string what, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is not StartupException)
        {
            throw new StartupException($"{what}: {e.Message}", exitCode, e);
        }
    }
}

/// <summary>
/// Turns an exception that ends <c>Main</c> into one line on stderr and a distinct exit code, instead of .NET's
/// unhandled-exception report (a stack trace and exit code 134). Under <c>WebApplicationFactory</c> the exception is
/// caught by the test host first, so tests still see it.
/// </summary>
public static class FatalErrors
{
    public static void ExitOnOneLine() =>
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            var error = e.ExceptionObject as Exception;
            // The host wraps failures of hosted services' start-up; the cause is what the operator needs.
            while (error is AggregateException { InnerExceptions.Count: 1 } aggregate) error = aggregate.InnerException;
            var (code, text) = error switch
            {
                StartupException s => (s.ExitCode, s.Message),
                null => (ExitCodes.Unexpected, "The API stopped: an unknown error."),
                _ => (ExitCodes.Unexpected, $"The API stopped: {error.GetType().Name}: {error.Message}"),
            };
            Console.Error.WriteLine("matching-api: " + text.ReplaceLineEndings(" "));
            Console.Error.Flush();
            Environment.Exit(code);
        };
}
