/**
 * The behaviours of the mock: the one place they are registered. An operation listed here is answered by its
 * behaviour; every other operation of a loaded spec is answered from its spec (src/mock/spec-answer/). A behaviour
 * for an operation no loaded spec documents is simply never used.
 */
import type { Behaviour } from "./behaviour.ts";
import { consumerGroupHeartBeat } from "./consumer-group-heart-beat.ts";
import { consumerGroupUpdateCheckPoint } from "./consumer-group-update-check-point.ts";
import { createConsumerGroup } from "./create-consumer-group.ts";
import { deleteConsumerGroup } from "./delete-consumer-group.ts";
import { getCheckPoint } from "./get-check-point.ts";
import { listConsumerGroup } from "./list-consumer-group.ts";
import { listEventSubEvent } from "./list-event-sub-event.ts";
import { listShards } from "./list-shards.ts";
import { updateConsumerGroup } from "./update-consumer-group.ts";

export const BEHAVIOURS: readonly Behaviour[] = [
  listConsumerGroup,
  createConsumerGroup,
  updateConsumerGroup,
  deleteConsumerGroup,
  consumerGroupHeartBeat,
  consumerGroupUpdateCheckPoint,
  getCheckPoint,
  listShards,
  listEventSubEvent,
];
