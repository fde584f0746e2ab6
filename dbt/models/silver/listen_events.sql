{{
    config(
        materialized='incremental',
        unique_key='event_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

{#- Column order shared by the new rows and the rows already loaded, which compete in dedup. -#}
{%- set listen_event_columns = [
    'event_id', 'event_type', 'is_stream', 'user_id', 'session_id',
    'track_id', 'track_name', 'artist_id', 'artist_name', 'album_id', 'album_name',
    'isrc', 'is_explicit', 'duration_ms', 'ms_played',
    'device_type', 'platform', 'country', 'subscription',
    'context_type', 'context_uri', 'is_shuffle', 'reason_start', 'reason_end',
    'source', 'schema_version', 'played_at', 'played_date',
    'kafka_topic', 'kafka_partition', 'kafka_offset', 'ingested_at'
] -%}

-- One row per event_id: the earliest ingested copy of every valid bronze event.
-- Rows that break the contract (missing keys, values outside an enumeration, unknown
-- schema_version) are not loaded; they stay in bronze and show in listen_events_rejected.
-- Incremental runs read bronze rows ingested after the newest loaded row minus
-- var('listen_events_lookback_hours'), and let copies already loaded compete with the new
-- ones, so a late copy of an old event never replaces the earliest one.

with

listens as (
    select * from {{ ref('stg_listens') }}
),

{% if is_incremental() %}
loaded_events as (
    select * from {{ this }}
),

load_window as (
    select
        coalesce(
            {{ dbt.dateadd('hour', -1 * var('listen_events_lookback_hours'), 'max(ingested_at)') }},
            cast('1970-01-01 00:00:00' as {{ dbt.type_timestamp() }})
        ) as ingested_after
    from loaded_events
),
{% endif %}

new_listens as (
    select listens.*
    from listens
    {% if is_incremental() %}
    where listens.ingested_at > (select ingested_after from load_window)
    {% endif %}
),

valid_listens as (
    select
        *,
        case
            when event_type in ({{ playlog_quoted_list(var('stream_event_types')) }}) then true
            else false
        end as is_stream,
        cast({{ dbt.date_trunc('day', 'played_at') }} as date) as played_date
    from new_listens
    where {{ listen_event_rejection_reason() }} is null
),

candidate_copies as (
    select {{ listen_event_columns | join(', ') }}
    from valid_listens
    {% if is_incremental() %}
    union all
    select {{ listen_event_columns | join(', ') }}
    from loaded_events
    where event_id in (select event_id from valid_listens)
    {% endif %}
),

ranked_copies as (
    select
        *,
        row_number() over (
            partition by event_id
            order by ingested_at, kafka_topic, kafka_partition, kafka_offset
        ) as copy_rank
    from candidate_copies
),

final as (
    select {{ listen_event_columns | join(', ') }}
    from ranked_copies
    where copy_rank = 1
)

select * from final
