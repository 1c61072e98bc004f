using System.Runtime.InteropServices;

namespace Breakwater.Cli;

/// <summary>Turns SIGTERM and SIGINT into cancellation, so long-running commands stop cleanly.</summary>
internal sealed class Signals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;

    public Signals(CancellationToken outer)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; _stop.Cancel(); });
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; _stop.Cancel(); });
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
        _stop.Dispose();
    }
}
