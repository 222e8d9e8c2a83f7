"""The renderer's kernel client: ready as soon as the kernel is, gone as soon as it is killed.

Why. jupyter_client's ``wait_for_ready`` ends by reading IOPub until it has been quiet
for 0.2 s, and ``shutdown_kernel(now=True)`` checks every 0.1 s whether the killed
kernel is gone. Neither wait does any work: each report paid ≈ 0.3 s of idle core
(measured, benchmarks/README.md), more than a forked kernel's start costs.

* Ready: the same handshake (``kernel_info`` until the reply comes and IOPub has carried
  a message, so the subscription is live and no output of the first cell can be lost),
  then only the IOPub messages that have already arrived are dropped. nbclient reads
  IOPub by the parent id of each request, so a late status message of the handshake is
  ignored there anyway.
* Connected: the client's sockets retry a connection every 10 ms instead of ZMQ's 100 ms,
  because they are connected before the new kernel has bound its sockets.
* Gone: :func:`reaped` waits for the exit status in 5 ms steps, right after the kill,
  so the manager's first check finds the kernel dead.
"""

from __future__ import annotations

import asyncio
import time
from queue import Empty
from typing import Any

import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient

RECONNECT_MS = 10  # how often a client socket retries while the kernel has not bound its end yet
KILL_WAIT = (
    2.0  # seconds to wait for a killed kernel's exit status before leaving it to jupyter_client's own polling
)


class ReadyClient(AsyncKernelClient):
    """AsyncKernelClient whose ``wait_for_ready`` returns when the kernel answers, without a 0.2 s quiet
    period."""

    def _context_default(self) -> zmq.asyncio.Context:
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)  # a default for every socket this client creates
        return context

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(
                            timeout=0.2
                        )  # IOPub is connected: the kernel's welcome or status came
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while await self.iopub_channel.msg_ready():  # drop what has arrived, without waiting for more
            await self.iopub_channel.get_msg(timeout=0)


async def reaped(process: Any) -> None:
    """Wait (at most KILL_WAIT s) until a killed kernel process (Popen or ForkedKernel) has exited."""
    deadline = time.monotonic() + KILL_WAIT
    while process.poll() is None and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
