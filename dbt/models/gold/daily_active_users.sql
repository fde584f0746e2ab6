-- Distinct users with any event (stream or interaction) per UTC day of played_at.
-- Days without any event have no row.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

final as (
    select
        played_date as activity_date,
        count(distinct user_id) as active_users
    from listen_events
    group by played_date
)

select * from final
