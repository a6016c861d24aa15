using System.Net;
using System.Net.Sockets;

namespace Matching.Api.Tests;

/// <summary>
/// A TCP relay between the API and its PostgreSQL server, to take the database away and give it back without
/// touching the server the other tests share: <see cref="Cut"/> resets every open connection and every new one (what a
/// client sees while a server is down), <see cref="DropConnections"/> resets only the open ones (a restart the client
/// did not see), <see cref="Freeze"/> holds every byte in both directions while keeping connections open (a server that
/// hangs: a frozen VM, a partition), <see cref="Restore"/> relays again.
/// </summary>
public sealed class DatabaseProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;
    private volatile bool _frozen;

    public DatabaseProxy(string targetHost, int targetPort, bool startCut = false)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _cut = startCut;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The same connection string, through the relay.</summary>
    public string Through(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    public static DatabaseProxy For(string connectionString, bool startCut = false)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return new DatabaseProxy(target.Host ?? "127.0.0.1", target.Port, startCut);
    }

    public void Cut()
    {
        _cut = true;
        DropConnections();
    }

    /// <summary>Connections stay open and new ones are accepted, but nothing passes either way until <see cref="Restore"/>.</summary>
    public void Freeze() => _frozen = true;

    public void Restore()
    {
        _cut = false;
        _frozen = false;
    }

    public void DropConnections()
    {
        List<(TcpClient Client, TcpClient Server)> open;
        lock (_open)
        {
            open = [.. _open];
            _open.Clear();
        }
        foreach (var (client, server) in open)
        {
            Reset(client);
            Reset(server);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (_cut)
            {
                Reset(client);
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
        }
        catch (Exception)
        {
            Reset(client);
            server.Dispose();
            return;
        }
        lock (_open) _open.Add((client, server));
        try
        {
            await Task.WhenAny(Pump(client, server), Pump(server, client));
        }
        finally
        {
            lock (_open) _open.Remove((client, server));
            Reset(client);
            Reset(server);
        }
    }

    private async Task Pump(TcpClient from, TcpClient to)
    {
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var n = await source.ReadAsync(buffer, _stop.Token);
                if (n == 0) return;
                while (_frozen) await Task.Delay(10, _stop.Token);
                await target.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception)
        {
            // A reset or a stop ends the relay either way.
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0); // close with RST, as a dead server's host would
            client.Dispose();
        }
        catch (Exception)
        {
            // already closed
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        try { await _accepting; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
