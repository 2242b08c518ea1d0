using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CoBrowse.LocalStack.Http;

/// <summary>Whether a request of this connection is inside the application (its answer is the application's own).</summary>
public sealed class ApplicationRequestFeature
{
    private int _inApplication;

    public bool InApplication => Volatile.Read(ref _inApplication) == 1;

    public void Enter() => Volatile.Write(ref _inApplication, 1);

    public void Leave() => Volatile.Write(ref _inApplication, 0);
}

/// <summary>
/// The connection's output as Kestrel sees it. While a request is inside the application every call goes straight
/// through; bytes Kestrel writes while none is (which, on HTTP/1.x, is only its answer to a request it refused
/// before the application ran) are held until the flush and handed to <see cref="ServerRejectionProblem"/>, which
/// adds a problem body, or passed on unchanged when they are anything else.
/// </summary>
public sealed class RejectionRewritingWriter(PipeWriter inner, ApplicationRequestFeature requests, KestrelServerLimits limits) : PipeWriter
{
    private ArrayBufferWriter<byte>? _held;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + (_held?.WrittenCount ?? 0);

    public override Memory<byte> GetMemory(int sizeHint = 0) => Holding() ? _held!.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Holding() ? _held!.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        if (_held is not null)
        {
            _held.Advance(bytes);
        }
        else
        {
            inner.Advance(bytes);
        }
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Release();
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        Release();
        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        Release();
        await inner.CompleteAsync(exception);
    }

    /// <summary>Holds from the first write made outside the application until the next flush.</summary>
    private bool Holding()
    {
        if (_held is null && !requests.InApplication)
        {
            _held = new ArrayBufferWriter<byte>();
        }

        return _held is not null;
    }

    private void Release()
    {
        if (_held is not { } held)
        {
            return;
        }

        _held = null;
        inner.Write(ServerRejectionProblem.Rewrite(held.WrittenSpan, limits) ?? held.WrittenSpan.ToArray());
    }
}
