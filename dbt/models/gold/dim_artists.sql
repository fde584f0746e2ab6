-- One row per artist id seen in any event. The name comes from the artist's most recent
-- event (latest played_at, then latest ingested_at), so renames reach the dimension.
-- Events without an artist_id (sources that only name the artist) have no row here.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

artist_events as (
    select * from listen_events
    where artist_id is not null
),

artist_activity as (
    select
        artist_id,
        min(played_at) as first_seen_at,
        max(played_at) as last_seen_at
    from artist_events
    group by artist_id
),

ranked_artist_events as (
    select
        artist_id,
        artist_name,
        row_number() over (
            partition by artist_id
            order by played_at desc, ingested_at desc, event_id desc
        ) as recency_rank
    from artist_events
),

latest_artist_names as (
    select * from ranked_artist_events
    where recency_rank = 1
),

final as (
    select
        latest_artist_names.artist_id,
        latest_artist_names.artist_name,
        artist_activity.first_seen_at,
        artist_activity.last_seen_at
    from latest_artist_names
    inner join artist_activity
        on latest_artist_names.artist_id = artist_activity.artist_id
)

select * from final
