using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matching.Data;

/// <summary>
/// Tells a database that is unavailable for now (down, restarting, unreachable, out of connections, too slow, a SQLite
/// file locked beyond the busy timeout) from a failure that will happen again on retry (bad SQL, a constraint). The
/// first is the caller's to wait out (HTTP 503 with <c>Retry-After</c>); the second is a bug.
/// </summary>
public static class DatabaseFaults
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>
    /// A short, fixed name for the fault when <paramref name="exception"/> (or one it wraps) means the database is
    /// unavailable for now, else null. The name carries no address, host or driver text, so it may be logged and shown.
    /// </summary>
    public static string? Classify(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return pg.SqlState switch
                    {
                        PostgresErrorCodes.AdminShutdown => "admin-shutdown (57P01)",
                        PostgresErrorCodes.CrashShutdown => "crash-shutdown (57P02)",
                        PostgresErrorCodes.CannotConnectNow => "starting-up (57P03)",
                        PostgresErrorCodes.TooManyConnections => "too-many-connections (53300)",
                        PostgresErrorCodes.QueryCanceled when pg.MessageText.Contains("timeout", StringComparison.OrdinalIgnoreCase)
                            => "statement-timeout (57014)",
                        _ when pg.SqlState.StartsWith("08", StringComparison.Ordinal) => $"connection-failure ({pg.SqlState})",
                        _ when pg.SqlState.StartsWith("53", StringComparison.Ordinal) => $"insufficient-resources ({pg.SqlState})",
                        _ => null,
                    };
                case SqliteException { SqliteErrorCode: SqliteBusy }:
                    return "sqlite-busy";
                case SqliteException { SqliteErrorCode: SqliteLocked }:
                    return "sqlite-locked";
                case SqliteException:
                    return null;
                case NpgsqlException { IsTransient: true } npgsql:
                    return Describe(npgsql.InnerException) ?? "connection-failure";
                case TimeoutException:
                    return "timeout";
                case SocketException socket:
                    return Describe(socket);
                case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                    return Classify(aggregate.InnerExceptions[0]);
            }
        }
        return null;
    }

    /// <inheritdoc cref="Classify"/>
    public static bool IsUnavailable(Exception? exception) => Classify(exception) is not null;

    private static string? Describe(Exception? inner)
    {
        for (var e = inner; e is not null; e = e.InnerException)
            switch (e)
            {
                case TimeoutException:
                    return "timeout";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection-refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return "host-not-found";
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return "timeout";
                case SocketException:
                    return "connection-lost";
                case IOException or EndOfStreamException:
                    return "connection-lost";
            }
        return null;
    }
}
