-- One row per track seen in any event. Names and attributes come from the track's most
-- recent event (latest played_at, then latest ingested_at), so renames reach the dimension.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

track_activity as (
    select
        track_id,
        min(played_at) as first_seen_at,
        max(played_at) as last_seen_at
    from listen_events
    group by track_id
),

ranked_track_events as (
    select
        track_id,
        track_name,
        artist_id,
        artist_name,
        album_id,
        album_name,
        isrc,
        is_explicit,
        duration_ms,
        row_number() over (
            partition by track_id
            order by played_at desc, ingested_at desc, event_id desc
        ) as recency_rank
    from listen_events
),

latest_track_attributes as (
    select * from ranked_track_events
    where recency_rank = 1
),

final as (
    select
        latest_track_attributes.track_id,
        latest_track_attributes.track_name,
        latest_track_attributes.artist_id,
        latest_track_attributes.artist_name,
        latest_track_attributes.album_id,
        latest_track_attributes.album_name,
        latest_track_attributes.isrc,
        latest_track_attributes.is_explicit,
        latest_track_attributes.duration_ms,
        track_activity.first_seen_at,
        track_activity.last_seen_at
    from latest_track_attributes
    inner join track_activity
        on latest_track_attributes.track_id = track_activity.track_id
)

select * from final
