// client/record: how components tell users what they did — the shared EventRecorder that writes v1 Events,
// counting repeats on one object instead of writing duplicates (client-go's tools/record).
export * from './event-recorder';
