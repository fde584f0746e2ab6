-- One row per stream (a play or a skip), the grain of listening metrics.
-- Interactions (pause, add_to_playlist, like) stay in silver.listen_events.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

streams as (
    select * from listen_events
    where is_stream
),

final as (
    select
        event_id,
        event_type,
        user_id,
        session_id,
        track_id,
        artist_id,
        album_id,
        device_type,
        platform,
        country,
        subscription,
        source,
        context_type,
        context_uri,
        is_shuffle,
        reason_start,
        reason_end,
        duration_ms,
        ms_played,
        played_at,
        played_date
    from streams
)

select * from final
