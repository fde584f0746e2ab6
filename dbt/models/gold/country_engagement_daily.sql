-- Per UTC day and listener country: streams (plays counts play + skip, as in top_tracks),
-- skips, interactions and distinct active users (any event). Events without a country
-- are left out.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

located_events as (
    select * from listen_events
    where country is not null
),

final as (
    select
        played_date as activity_date,
        country,
        sum(case when is_stream then 1 else 0 end) as plays,
        sum(case when event_type = 'skip' then 1 else 0 end) as skips,
        sum(case when event_type = 'add_to_playlist' then 1 else 0 end) as playlist_adds,
        sum(case when event_type = 'like' then 1 else 0 end) as likes,
        count(distinct user_id) as active_users
    from located_events
    group by played_date, country
)

select * from final
