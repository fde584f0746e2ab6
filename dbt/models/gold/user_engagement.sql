-- Per user, over all their events: streams and skips (skip_rate is null for a user who
-- never streamed), time listened, distinct sessions and active UTC days, and interactions.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

user_events as (
    select
        user_id,
        sum(case when is_stream then 1 else 0 end) as streams,
        sum(case when event_type = 'skip' then 1 else 0 end) as skips,
        sum(case when is_stream then ms_played else 0 end) as listening_ms,
        count(distinct session_id) as sessions,
        count(distinct played_date) as active_days,
        sum(case when event_type = 'like' then 1 else 0 end) as likes,
        sum(case when event_type = 'add_to_playlist' then 1 else 0 end) as playlist_adds
    from listen_events
    group by user_id
),

final as (
    select
        user_id,
        streams,
        skips,
        case
            when streams > 0 then cast(skips as {{ dbt.type_numeric() }}) / streams
        end as skip_rate,
        listening_ms,
        sessions,
        active_days,
        likes,
        playlist_adds
    from user_events
)

select * from final
