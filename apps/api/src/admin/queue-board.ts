import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectQueue } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UserService } from '@fleetgate/auth';
import { EVALUATION_QUEUE } from '@fleetgate/queue';
import { bearerToken, cookieToken } from './admin-cookie.util';

export const QUEUE_BOARD_PATH = '/api/admin/queues';

/**
 * bull-board under /api/admin/queues, for admins only: the admin cookie set by
 * `POST /api/admin/session` (a browser) or a Bearer token (scripts). 401 without a valid
 * token, 403 for another role — the same codes as the api's own guard. Mounted when the
 * module initialises: after the request logger and the api's routes, before the 404 handler.
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly users: UserService,
    @InjectQueue(EVALUATION_QUEUE) private readonly evaluationQueue: Queue,
  ) {}

  onModuleInit(): void {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    const queues = [this.evaluationQueue].map((queue) => new BullMQAdapter(queue));
    createBullBoard({ queues, serverAdapter, options: { uiConfig: { boardTitle: 'fleetgate queues' } } });
    this.adapterHost.httpAdapter.use(QUEUE_BOARD_PATH, adminOnly(this.users), serverAdapter.getRouter());
  }
}

function adminOnly(users: UserService) {
  const deny = (res: ServerResponse, statusCode: number, code: string, message: string) =>
    res.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ statusCode, code, message }));
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    const token = bearerToken(req.headers.authorization) ?? cookieToken(req.headers.cookie);
    if (!token) {
      deny(res, 401, 'AUTH_MISSING_TOKEN', 'log in with POST /api/admin/session (Authorization: Bearer <admin token>), or send the Bearer header');
      return;
    }
    users
      .byToken(token)
      .then((actor) => {
        if (!actor) deny(res, 401, 'AUTH_BAD_TOKEN', 'unknown or revoked token');
        else if (actor.role !== 'admin') deny(res, 403, 'AUTH_WRONG_ROLE', `role ${actor.role} may not do this (allowed: admin)`);
        else next();
      })
      .catch(next);
  };
}
