namespace Emulation.Messages.Userspace;

/// <summary>
/// A wl_buffer a client creates from a dma-buf (zwp_linux_buffer_params create_immed): the compositor
/// gets its own fd of the dma-buf, and, on linux-dmabuf v6, the client's sampling device.
/// </summary>
/// <param name="Key">The client's name for the buffer.</param>
/// <param name="Fd">The client's fd (the compositor receives a dup, as through SCM_RIGHTS).</param>
/// <param name="AllocDevice">The device the buffer was allocated on (what Smithay's allocator stamps).</param>
/// <param name="SamplingDevice">set_sampling_device (R19), or null.</param>
public sealed record ClientBuffer(int Key, int Fd, long Bytes, string AllocDevice, string? SamplingDevice);
