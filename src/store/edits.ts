// The typed edits live in core/session (the edit path is there); kept so the app's imports stay short.
export * from '../core/session/edits';
