// Torch's CUDA caching-allocator statistics for R1Gym (TorchSharp exposes none): the numbers behind
// torch.cuda.max_memory_allocated / memory_reserved, read from the libc10_cuda.so the process already uses.
// Built on a GPU machine against the installed PyTorch by native/build-allocator-stats.sh; optional: without it the
// benchmarks fall back to nvidia-smi.
#include <c10/cuda/CUDACachingAllocator.h>

namespace alloc = c10::cuda::CUDACachingAllocator;

extern "C" {
// Index 0 of each statistic array is the aggregate over small and large pools.
long long r1gym_cuda_peak_allocated(int device) { return alloc::getDeviceStats(static_cast<c10::DeviceIndex>(device)).allocated_bytes[0].peak; }
long long r1gym_cuda_allocated(int device) { return alloc::getDeviceStats(static_cast<c10::DeviceIndex>(device)).allocated_bytes[0].current; }
long long r1gym_cuda_peak_reserved(int device) { return alloc::getDeviceStats(static_cast<c10::DeviceIndex>(device)).reserved_bytes[0].peak; }
void r1gym_cuda_reset_peak(int device) { alloc::resetPeakStats(static_cast<c10::DeviceIndex>(device)); }
}
